using Microsoft.AspNetCore.Http;

namespace Codewalkers.ServiceDefaults.Errors;

/// <summary>
/// A failure the caller caused and can fix, answered as a 4xx ProblemDetails. Domain code throws the subclasses;
/// <see cref="ProblemDetailsExceptionHandler"/> turns them into responses.
/// </summary>
public abstract class ProblemException(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
}

public class NotFoundException(string entity, string id)
    : ProblemException(StatusCodes.Status404NotFound, $"{entity} not found", $"No {entity.ToLowerInvariant()} has id '{id}'.");

public class ConflictException(string detail, string title = "Conflict")
    : ProblemException(StatusCodes.Status409Conflict, title, detail);

public class ValidationException(IDictionary<string, string[]> errors)
    : ProblemException(StatusCodes.Status400BadRequest, "The request is invalid", Describe(errors))
{
    public ValidationException(string field, string error) : this(new Dictionary<string, string[]> { [field] = [error] }) { }

    public IDictionary<string, string[]> Errors { get; } = errors;

    private static string Describe(IDictionary<string, string[]> errors) =>
        string.Join(" ", errors.SelectMany(e => e.Value.Select(message => $"{e.Key}: {message}")));
}
