using System.Text.Json;
using Codewalkers.SharedKernel.Errors;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Codewalkers.ServiceDefaults.Errors;

/// <summary>
/// Maps caller errors to 4xx ProblemDetails; anything else stays a 500 without internals in the body.
/// </summary>
internal sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(
        HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ValidationException validation => new ValidationProblemDetails(validation.Errors)
            {
                Status = validation.Status, Title = validation.Title, Detail = validation.Message,
            },
            ProblemException known => new ProblemDetails
            {
                Status = known.Status, Title = known.Title, Detail = known.Message,
            },
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode, Title = "The request could not be read", Detail = Describe(bad),
            },
            _ => null,
        };
        if (problem is null) return false;

        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context, ProblemDetails = problem, Exception = exception,
        });
    }

    // Model binding wraps JSON errors; the inner message names the field and position, which is what the caller needs.
    private static string Describe(BadHttpRequestException bad) =>
        bad.InnerException is JsonException json ? $"Malformed JSON: {json.Message}" : bad.Message;
}
