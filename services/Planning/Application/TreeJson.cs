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
    private static readonly JsonEncodedText InitiativeId = JsonEncodedText.Encode("initiativeId");
    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText Phases = JsonEncodedText.Encode("phases");
    private static readonly JsonEncodedText From = JsonEncodedText.Encode("from");
    private static readonly JsonEncodedText To = JsonEncodedText.Encode("to");
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText CreatedAt = JsonEncodedText.Encode("createdAt");
    private static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
    private static readonly JsonEncodedText PhaseId = JsonEncodedText.Encode("phaseId");
    private static readonly JsonEncodedText ParentTaskId = JsonEncodedText.Encode("parentTaskId");
    private static readonly JsonEncodedText Category = JsonEncodedText.Encode("category");
    private static readonly JsonEncodedText Priority = JsonEncodedText.Encode("priority");
    private static readonly JsonEncodedText Order = JsonEncodedText.Encode("order");
    private static readonly JsonEncodedText RetryCount = JsonEncodedText.Encode("retryCount");
    private static readonly JsonEncodedText WaitingForTaskId = JsonEncodedText.Encode("waitingForTaskId");

    // One buffer and writer for every row of a read.
    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private Utf8JsonWriter? _writer;

    /// <summary>The answer up to the first phase: <c>{"initiativeId":..,"name":..,"status":..,"phases":[</c>.</summary>
    public byte[] Start(TreeHeader header) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString(InitiativeId, header.InitiativeId);
        w.WriteString(Name, header.Name);
        w.WriteString(Status, header.Status);
        w.WriteStartArray(Phases);
    });

    /// <summary>The dependencies of one row as <c>{"from":..,"to":..}</c> objects joined by commas.</summary>
    public TreeEdges Edges(string from, string[] targets)
    {
        var array = Write(w =>
        {
            w.WriteStartArray();
            foreach (var target in targets)
            {
                w.WriteStartObject();
                w.WriteString(From, from);
                w.WriteString(To, target);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
        return new TreeEdges(targets, array[1..^1]);
    }

    public TreeRow Phase(string id, string name, string status, DateTimeOffset createdAt, long version)
        => Row(id, null, 0, createdAt, w =>
    {
        w.WriteString(Id, id);
        w.WriteString(Name, name);
        w.WriteString(Status, status);
        w.WriteString(CreatedAt, createdAt);
        w.WriteNumber(Version, version);
    });

    public TreeRow Task(
        string id, string? phaseId, string? parentTaskId, string name, string category, string priority, string status,
        int order, int retryCount, long version, DateTimeOffset createdAt, string? waitingForTaskId)
        => Row(id, phaseId, order, createdAt, w =>
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
        w.WriteString(WaitingForTaskId, waitingForTaskId);
    });

    private TreeRow Row(string id, string? group, int order, DateTimeOffset createdAt, Action<Utf8JsonWriter> fields) =>
        new(id, group, order, createdAt, Write(w =>
        {
            w.WriteStartObject();
            fields(w);
            w.WriteEndObject();
        }));

    private byte[] Write(Action<Utf8JsonWriter> write)
    {
        _buffer.ResetWrittenCount();
        if (_writer is null) _writer = new Utf8JsonWriter(_buffer, options);
        else _writer.Reset(_buffer);
        write(_writer);
        _writer.Flush();
        return _buffer.WrittenSpan.ToArray();
    }
}
