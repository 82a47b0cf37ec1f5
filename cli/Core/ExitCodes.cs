namespace Codewalkers.Cli.Core;

/// <summary>
/// What `cw` exits with, so scripts can tell failures apart. Documented in docs/cli.md; never renumber.
/// </summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The system answered with an error not covered below (a 5xx, an unexpected answer).</summary>
    public const int Failure = 1;

    /// <summary>Wrong flags or arguments, a malformed file, or input the system refused (400).</summary>
    public const int Usage = 2;

    /// <summary>The id named does not exist (404).</summary>
    public const int NotFound = 3;

    /// <summary>The request conflicts with the current state (409), e.g. approving what is not ready.</summary>
    public const int Conflict = 4;

    /// <summary>The gateway could not be reached, or could not reach the service (502/503/504).</summary>
    public const int Unreachable = 5;

    /// <summary>The token is missing or wrong (401), or may not do this (403).</summary>
    public const int Denied = 6;

    /// <summary>Stopped by Ctrl+C.</summary>
    public const int Cancelled = 130;

    public static int ForStatus(int status) => status switch
    {
        400 or 422 => Usage,
        401 or 403 => Denied,
        404 => NotFound,
        409 or 412 => Conflict,
        502 or 503 or 504 => Unreachable,
        _ => Failure,
    };
}
