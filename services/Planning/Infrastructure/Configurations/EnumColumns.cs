using Codewalkers.SharedKernel;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Codewalkers.Planning.Infrastructure.Configurations;

internal static class EnumColumns
{
    /// <summary>Stores an enum as its snake_case wire name, so the file reads like the API.</summary>
    public static PropertyBuilder<T> AsText<T>(this PropertyBuilder<T> property) where T : struct, Enum =>
        property.HasConversion(v => v.ToText(), s => EnumText.FromText<T>(s)).HasMaxLength(32).IsRequired();
}
