using System.Diagnostics.CodeAnalysis;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Persistence;

/// <summary>
/// Hands out <typeparamref name="TImplementation"/> wherever <typeparamref name="TContext"/> is asked for. EF finds a
/// context's migrations by its runtime type, so a provider-specific subclass brings its own migration set while the
/// service, its consumers and every <c>ConfigureDbContext&lt;TContext&gt;</c> (interceptors) keep using the base type
/// and its one set of options.
/// </summary>
internal sealed class SubclassDbContextFactory<
    TContext,
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TImplementation>(
    DbContextOptions<TContext> options) : IDbContextFactory<TContext>
    where TContext : DbContext
    where TImplementation : TContext
{
    public TContext CreateDbContext() => (TContext)Activator.CreateInstance(typeof(TImplementation), options)!;
}
