using System.Text;
using System.Text.Json;
using Codewalkers.SharedKernel.Errors;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

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
            // ASP.NET Core's JSON body reading throws this (not a BadHttpRequestException) for a charset it cannot map
            // to an encoding, e.g. "application/json; charset=bogus".
            InvalidOperationException when UnknownCharset(context.Request) is { } charset => new ProblemDetails
            {
                Status = StatusCodes.Status415UnsupportedMediaType, Title = "Unsupported charset",
                Detail = $"The body's charset '{charset}' is not a known encoding; send JSON as UTF-8 "
                    + "(Content-Type: application/json; charset=utf-8).",
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

    private static string? UnknownCharset(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)) return null;
        var charset = HeaderUtilities.RemoveQuotes(contentType.Charset).ToString();
        if (charset.Length == 0) return null;
        try
        {
            Encoding.GetEncoding(charset);
            return null;
        }
        catch (ArgumentException)
        {
            return charset;
        }
    }

    // Model binding wraps JSON errors; the inner message names the field and position, which is what the caller needs.
    private static string Describe(BadHttpRequestException bad) =>
        bad.InnerException is JsonException json ? $"Malformed JSON: {json.Message}" : bad.Message;
}
