using System.Text;

namespace Codewalkers.Agents.Providers.Parsers;

/// <summary>
/// For CLIs without structured output: every non-empty line is text (usage-limit patterns still apply).
/// </summary>
public sealed class TextParser : IOutputParser
{
    public IReadOnlyList<ProviderEvent> Parse(ReadOnlySpan<byte> line)
    {
        var text = Encoding.UTF8.GetString(line).TrimEnd('\r');
        return text.Length == 0 ? [] : [new ProviderEvent(ProviderEventKind.Text) { Text = text }];
    }
}
