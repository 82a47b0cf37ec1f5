using Codewalkers.Errands.Domain;
using Codewalkers.SharedKernel;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Codewalkers.Errands.Infrastructure.Configurations;

internal sealed class ErrandConfiguration : IEntityTypeConfiguration<Errand>
{
    public void Configure(EntityTypeBuilder<Errand> errand)
    {
        errand.ToTable("errands");
        errand.HasKey(e => e.Id);
        errand.Property(e => e.Id).HasMaxLength(21);
        errand.Property(e => e.ProjectId).HasMaxLength(21).IsRequired();
        errand.Property(e => e.Description).HasMaxLength(ErrandText.MaxDescriptionLength).IsRequired();
        errand.Property(e => e.Branch).IsRequired();
        errand.Property(e => e.BaseBranch).IsRequired();
        errand.Property(e => e.SpawnRequestId).HasMaxLength(21).IsRequired();
        errand.Property(e => e.Status)
            .HasConversion(s => s.ToText(), s => EnumText.FromText<ErrandStatus>(s))
            .HasMaxLength(32).IsRequired();
        errand.Property(e => e.StatusBeforeResume)
            .HasConversion(s => s!.Value.ToText(), s => EnumText.FromText<ErrandStatus>(s))
            .HasMaxLength(32);
        errand.Property(e => e.ConflictFiles);
        errand.Ignore(e => e.IsMerging);
        // Two requests changing the same errand at once: the second save fails instead of losing the first's step.
        errand.Property(e => e.Version).IsConcurrencyToken();
        // One branch per errand of a project: two creates racing for the same slug cannot both commit.
        errand.HasIndex(e => new { e.ProjectId, e.Branch }).IsUnique();
        // The list: by project and status, newest first.
        errand.HasIndex(e => new { e.ProjectId, e.Status, e.CreatedAt });
        errand.HasIndex(e => e.SpawnRequestId);
        errand.HasIndex(e => e.MergeRequestId);
        errand.HasIndex(e => e.ResumeRequestId);
        errand.HasIndex(e => e.DiscardRequestId);
        errand.OwnsMany(e => e.Thread, note =>
        {
            note.ToTable("errand_notes");
            note.WithOwner().HasForeignKey("ErrandId");
            note.HasKey(n => n.Id);
            note.Property(n => n.Author).HasMaxLength(16).IsRequired();
            note.Property(n => n.Kind).HasMaxLength(32).IsRequired();
            note.Property(n => n.Text).IsRequired();
        });
        errand.Navigation(e => e.Thread).HasField("_thread").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
