using Xunit;

namespace Codewalkers.TestSupport;

/// <summary>
/// A test that needs PostgreSQL: it runs with <c>CW_TEST_DATABASE=postgres</c> (on the server TestPostgres starts or
/// finds) and is reported as skipped, not passed, without it.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestPostgres.Enabled) Skip = $"runs on PostgreSQL only: set {TestPostgres.SwitchVariable}=postgres";
    }
}
