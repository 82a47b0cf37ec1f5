using System.Text.Json;
using Codewalkers.SharedKernel.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Codewalkers.Persistence;

/// <summary>
/// Refuses a text longer than its column before it reaches the database, as a 400 naming the field: PostgreSQL fails
/// such a write (22001, a 500 to the caller) where SQLite stores it whole, so without this the same request meant two
/// things. The model's max lengths are the one source, so no route's own check can drift from its column; every route
/// and consumer that saves is covered on both providers. The field is the property's camelCase name, which is the
/// request's field name wherever a request field is stored as it came.
/// </summary>
internal sealed class ColumnLengthGuard : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbContext? context)
    {
        if (context is null) return;
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified)) continue;
            foreach (var property in entry.Properties) Check(entry, property, problems);
        }
        if (problems.Count > 0) throw new ValidationException(problems);
    }

    private static void Check(EntityEntry entry, PropertyEntry property, Dictionary<string, string[]> problems)
    {
        if (entry.State == EntityState.Modified && !property.IsModified) return;
        if (property.CurrentValue is not string text) return;
        if (property.Metadata.GetMaxLength() is not { } max || text.Length <= max) return;
        var field = JsonNamingPolicy.CamelCase.ConvertName(property.Metadata.Name);
        problems[field] = [$"is {text.Length} characters long; at most {max} are allowed."];
    }
}
