namespace Codewalkers.SharedKernel.Errors;

/// <summary>
/// A failure the caller caused and can fix, answered as a 4xx ProblemDetails. Domain code throws the subclasses;
/// ServiceDefaults' ProblemDetailsExceptionHandler turns them into responses, so the domain needs no ASP.NET.
/// </summary>
public abstract class ProblemException(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
}

public class NotFoundException(string entity, string id)
    : ProblemException(404, $"{entity} not found", $"No {entity.ToLowerInvariant()} has id '{id}'.");

public class ConflictException(string detail, string title = "Conflict") : ProblemException(409, title, detail);

public class ValidationException(IDictionary<string, string[]> errors)
    : ProblemException(400, "The request is invalid", Describe(errors))
{
    public ValidationException(string field, string error)
        : this(new Dictionary<string, string[]> { [field] = [error] }) { }

    public IDictionary<string, string[]> Errors { get; } = errors;

    private static string Describe(IDictionary<string, string[]> errors) =>
        string.Join(" ", errors.SelectMany(e => e.Value.Select(message => $"{e.Key}: {message}")));
}

/// <summary>The caller is known but may not do this (an agent acting outside its own task).</summary>
public class ForbiddenException(string detail, string title = "Forbidden") : ProblemException(403, title, detail);
