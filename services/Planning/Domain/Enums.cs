
namespace Codewalkers.Planning.Domain;

// Wire and storage names are the snake_case of these members (pending_review, review_per_phase): see EnumText.

public enum InitiativeStatus { Active, PendingReview, Completed, Archived }

public enum ExecutionMode { Yolo, ReviewPerPhase }

public enum PhaseStatus { Pending, Approved, InProgress, Completed, Blocked, PendingReview }

public enum TaskStatus { Pending, InProgress, QualityReview, Completed, Blocked }

public enum TaskCategory { Execute, Research, Discuss, Plan, Detail, Refine, Verify, Merge, Review }

public enum TaskPriority { Low, Medium, High }

public enum ProposalTargetType { Page, Phase, Task }

public enum ProposalStatus { Pending, Accepted, Dismissed }
