namespace Codewalkers.SharedKernel;

public static class Timestamps
{
    /// <summary>
    /// The instant as the database will give it back (whole milliseconds), so a response written before the save
    /// equals one read after it.
    /// </summary>
    public static DateTimeOffset TruncatedForStorage(this DateTimeOffset value) =>
        DateTimeOffset.FromUnixTimeMilliseconds(value.ToUnixTimeMilliseconds());
}
