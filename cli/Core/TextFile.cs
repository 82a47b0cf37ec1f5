using System.Text;

namespace Codewalkers.Cli.Core;

/// <summary>
/// A text file the user names on the command line (content to upload, a file to edit): read as UTF-8, and anything
/// that is not a readable text file is a usage error in one line, never a stack trace.
/// </summary>
public static class TextFile
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false,
        throwOnInvalidBytes: true);

    /// <summary>
    /// The file's text (a UTF-8 byte order mark dropped); <paramref name="what"/> names it in errors.
    /// </summary>
    public static string Read(string path, string what = "File")
    {
        byte[] bytes;
        try
        {
            if (Directory.Exists(path)) throw CliException.Usage($"{what} '{path}' is a directory, not a file.");
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            throw CliException.Usage($"{what} '{path}' does not exist.");
        }
        catch (DirectoryNotFoundException)
        {
            throw CliException.Usage($"{what} '{path}' does not exist.");
        }
        catch (UnauthorizedAccessException)
        {
            throw CliException.Usage($"{what} '{path}' cannot be read (permission denied).");
        }
        catch (IOException e)
        {
            throw CliException.Usage($"{what} '{path}' cannot be read: {e.Message}");
        }
        return Decode(bytes, $"{what} '{path}'");
    }

    /// <summary>Strict UTF-8 text without NUL characters (which only binary files hold).</summary>
    public static string Decode(byte[] bytes, string what)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw CliException.Usage($"{what} is not UTF-8 text.");
        }
        if (text.Contains('\0')) throw CliException.Usage($"{what} is not a text file (it holds NUL bytes).");
        return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
    }
}
