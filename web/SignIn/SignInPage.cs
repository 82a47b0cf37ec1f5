using System.Net;

namespace Codewalkers.Web.SignIn;

/// <summary>
/// The one page served without the cookie: it asks for the token. Plain HTML, no circuit, so nothing else of the
/// app runs for a browser that has not signed in.
/// </summary>
internal static class SignInPage
{
    /// <summary>The sign-in page (or, for a caller that is not a page, a 401 problem); after it, <paramref name="returnUrl"/>.</summary>
    public static Task WriteAsync(HttpContext context, int status, string? error, string returnUrl)
    {
        var request = context.Request;
        var wantsPage = request.HasFormContentType
            || HttpMethods.IsGet(request.Method)
            && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
        if (!wantsPage) return RefuseAsync(context, status, "Sign in first: open the link ./run.sh printed.");

        returnUrl = WebUtility.HtmlEncode(returnUrl);
        var message = error is null ? "" : $"""<p class="error" role="alert">{WebUtility.HtmlEncode(error)}</p>""";
        return HtmlAsync(context, status, $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Sign in · Codewalkers</title>
              <style>
                body { font: 16px/1.5 system-ui, sans-serif; margin: 0; display: grid; place-items: center; min-height: 100vh; background: #f5f6f8; color: #1b1d21; }
                main { background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px rgb(0 0 0 / .15); max-width: 28rem; width: calc(100% - 2rem); box-sizing: border-box; }
                h1 { margin-top: 0; font-size: 1.5rem; }
                label { display: block; font-weight: 600; margin-bottom: .25rem; }
                input { width: 100%; box-sizing: border-box; padding: .5rem; font: inherit; border: 1px solid #6b7280; border-radius: 4px; }
                button { margin-top: 1rem; padding: .5rem 1.25rem; font: inherit; background: #1d4ed8; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
                button:focus-visible, input:focus-visible { outline: 3px solid #93c5fd; outline-offset: 2px; }
                code { background: #eef0f3; padding: 0 .25rem; border-radius: 3px; }
                .error { color: #b91c1c; font-weight: 600; }
              </style>
            </head>
            <body>
              <main>
                <h1>Sign in to Codewalkers</h1>
                <p>Open the link <code>./run.sh</code> printed, or paste the token from <code>$CW_HOME/token</code>.</p>
                {{message}}
                <form method="post" action="{{BrowserSignIn.SignInPath}}">
                  <input type="hidden" name="returnUrl" value="{{returnUrl}}">
                  <label for="token">API token</label>
                  <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
                  <button type="submit">Sign in</button>
                </form>
              </main>
            </body>
            </html>
            """);
    }

    public static Task RefuseAsync(HttpContext context, int status, string detail) =>
        Results.Problem(statusCode: status, title: status == StatusCodes.Status403Forbidden
                ? "Forbidden" : "Not signed in", detail: detail)
            .ExecuteAsync(context);

    private static Task HtmlAsync(HttpContext context, int status, string html)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(html);
    }
}
