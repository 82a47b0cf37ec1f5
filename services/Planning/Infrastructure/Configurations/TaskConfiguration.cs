using Codewalkers.Planning.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Codewalkers.Planning.Infrastructure.Configurations;

internal sealed class TaskConfiguration : IEntityTypeConfiguration<PlanTask>
{
    private const int PathListLength = TaskPaths.MaxEntries * (TaskPaths.MaxLength + 1);

    public void Configure(EntityTypeBuilder<PlanTask> task)
    {
        task.ToTable("tasks");
        task.HasKey(t => t.Id);
        task.Property(t => t.Id).HasMaxLength(21);
        task.Property(t => t.Name).HasMaxLength(Guard.MaxNameLength).IsRequired();
        task.Property(t => t.Description).HasMaxLength(Guard.MaxDescriptionLength);
        task.Property(t => t.Category).AsText();
        task.Property(t => t.Priority).AsText();
        task.Property(t => t.Status).AsText();
        task.Property(t => t.Summary).HasMaxLength(PlanTask.MaxSummaryLength);
        task.Property(t => t.BlockedReason).HasMaxLength(Guard.MaxReasonLength);
        task.Property(t => t.Version).IsConcurrencyToken();
        task.Ignore(t => t.DependsOn);
        // Path lists as one path a line (TaskPaths): at most 100 paths of 500 characters.
        task.Ignore(t => t.Files);
        task.Ignore(t => t.WaitingForPaths);
        task.Property<string?>("_files").HasColumnName("Files").HasMaxLength(PathListLength);
        task.Property<string?>("_waitingForPaths").HasColumnName("WaitingForPaths").HasMaxLength(PathListLength);
        task.Property(t => t.WaitingForTaskId).HasMaxLength(21);
        task.HasOne<Initiative>().WithMany().HasForeignKey(t => t.InitiativeId).OnDelete(DeleteBehavior.Cascade);
        task.HasOne<Phase>().WithMany().HasForeignKey(t => t.PhaseId).OnDelete(DeleteBehavior.Cascade);
        task.HasOne<PlanTask>().WithMany().HasForeignKey(t => t.ParentTaskId).OnDelete(DeleteBehavior.Cascade);
        task.HasMany(t => t.Dependencies).WithOne().HasForeignKey(d => d.TaskId).OnDelete(DeleteBehavior.Cascade);
        task.Navigation(t => t.Dependencies).UsePropertyAccessMode(PropertyAccessMode.Field);
        task.HasIndex(t => new { t.InitiativeId, t.Status });
        // The tree reads an initiative's tasks in phase/order: an index in that order spares a sort per read.
        task.HasIndex(t => new { t.InitiativeId, t.PhaseId, t.Order });
        task.HasIndex(t => new { t.PhaseId, t.Order });
        task.HasIndex(t => t.ParentTaskId);
        // A task merged into its phase looks for the tasks waiting for its files.
        task.HasIndex(t => t.WaitingForTaskId);
    }
}

internal sealed class TaskDependencyConfiguration : IEntityTypeConfiguration<TaskDependency>
{
    public void Configure(EntityTypeBuilder<TaskDependency> dependency)
    {
        dependency.ToTable("task_dependencies");
        dependency.HasKey(d => new { d.TaskId, d.DependsOnTaskId });
        dependency.HasOne<PlanTask>().WithMany().HasForeignKey(d => d.DependsOnTaskId).OnDelete(DeleteBehavior.Cascade);
        dependency.HasIndex(d => d.DependsOnTaskId);
    }
}
