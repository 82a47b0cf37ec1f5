using System.Buffers;
using System.Text.Json;

namespace Codewalkers.Planning.Application;

/// <summary>
/// Writes the tree's JSON by hand, row by row: the shape of <c>TreeApi.TreeResponse</c> (camelCase, as the API
/// serializes records), without reflection, so a 2,000-task tree costs a few milliseconds, not tens. A test checks
/// that the answer round-trips through the records unchanged.
/// </summary>
internal sealed class TreeJson(JsonWriterOptions options)
{
    public static readonly JsonEncodedText InitiativeId = JsonEncodedText.Encode("initiativeId");
    public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    public static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
    public static readonly JsonEncodedText Phases = JsonEncodedText.Encode("phases");
    public static readonly JsonEncodedText Tasks = JsonEncodedText.Encode("tasks");
    public static readonly JsonEncodedText PhaseDependencies = JsonEncodedText.Encode("phaseDependencies");
    public static readonly JsonEncodedText TaskDependencies = JsonEncodedText.Encode("taskDependencies");
    public static readonly JsonEncodedText From = JsonEncodedText.Encode("from");
    public static readonly JsonEncodedText To = JsonEncodedText.Encode("to");
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText CreatedAt = JsonEncodedText.Encode("createdAt");
    private static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
    private static readonly JsonEncodedText PhaseId = JsonEncodedText.Encode("phaseId");
    private static readonly JsonEncodedText ParentTaskId = JsonEncodedText.Encode("parentTaskId");
    private static readonly JsonEncodedText Category = JsonEncodedText.Encode("category");
    private static readonly JsonEncodedText Priority = JsonEncodedText.Encode("priority");
    private static readonly JsonEncodedText Order = JsonEncodedText.Encode("order");
    private static readonly JsonEncodedText RetryCount = JsonEncodedText.Encode("retryCount");

    // One buffer and writer for every row of a read.
    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private Utf8JsonWriter? _writer;

    public JsonWriterOptions Options => options;

    public TreeRow Phase(string id, string name, string status, DateTimeOffset createdAt, long version) => Row(id, null, 0, createdAt, w =>
    {
        w.WriteString(Id, id);
        w.WriteString(Name, name);
        w.WriteString(Status, status);
        w.WriteString(CreatedAt, createdAt);
        w.WriteNumber(Version, version);
    });

    public TreeRow Task(
        string id, string? phaseId, string? parentTaskId, string name, string category, string priority, string status, int order, int retryCount,
        long version, DateTimeOffset createdAt) => Row(id, phaseId, order, createdAt, w =>
    {
        w.WriteString(Id, id);
        w.WriteString(PhaseId, phaseId);
        w.WriteString(ParentTaskId, parentTaskId);
        w.WriteString(Name, name);
        w.WriteString(Category, category);
        w.WriteString(Priority, priority);
        w.WriteString(Status, status);
        w.WriteNumber(Order, order);
        w.WriteNumber(RetryCount, retryCount);
        w.WriteNumber(Version, version);
    });

    private TreeRow Row(string id, string? group, int order, DateTimeOffset createdAt, Action<Utf8JsonWriter> fields)
    {
        _buffer.ResetWrittenCount();
        if (_writer is null) _writer = new Utf8JsonWriter(_buffer, options);
        else _writer.Reset(_buffer);
        _writer.WriteStartObject();
        fields(_writer);
        _writer.WriteEndObject();
        _writer.Flush();
        return new TreeRow(id, group, order, createdAt, _buffer.WrittenSpan.ToArray());
    }
}
