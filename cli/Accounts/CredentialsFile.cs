using System.Text.Json;
using Codewalkers.Cli.Core;

namespace Codewalkers.Cli.Accounts;

/// <summary>
/// Reads a credentials file as a JSON object. Its content is a secret: errors name the file and the line, never the
/// parser's message (which quotes what it found).
/// </summary>
public static class CredentialsFile
{
    public static JsonElement Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"Cannot read {path} ({e.GetType().Name}).");
        }
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw CliException.Usage($"{path} is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw CliException.Usage($"{path} is not valid JSON (line {(e.LineNumber ?? 0) + 1}).");
        }
    }
}
