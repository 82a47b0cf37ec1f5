using Codewalkers.ServiceDefaults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Codewalkers.Web.SignIn;

/// <summary>
/// Signs browsers in as Jupyter does: <c>/?token=...</c> (the link <c>./run.sh</c> prints) or the sign-in form sets
/// the cookie and sends the browser on to the same address without the token. Without the cookie no page, circuit or
/// file is served; the sign-in page is. A write (any method but GET/HEAD) or a circuit's WebSocket from another
/// origin is refused, cookie or not.
/// </summary>
public sealed class BrowserSignIn(RequestDelegate next, BrowserSession session)
{
    public const string SignInPath = "/sign-in";
    public const string SignOutPath = "/sign-out";
    private const string TokenParameter = "token";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.Equals(HealthEndpoints.Health) || request.Path.Equals(HealthEndpoints.Alive))
        {
            await next(context);
            return;
        }
        if (!SameOrigin(context))
        {
            await SignInPage.RefuseAsync(context, StatusCodes.Status403Forbidden,
                "Refused: this request came from another site's page.");
            return;
        }
        if (request.Query.TryGetValue(TokenParameter, out var token))
        {
            await SignInWithAsync(context, token.ToString(), WithoutToken(request));
            return;
        }
        if (request.Path.Equals(SignInPath) && HttpMethods.IsPost(request.Method) && request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(context.RequestAborted);
            await SignInWithAsync(context, form[TokenParameter].ToString(), LocalOnly(form["returnUrl"].ToString()));
            return;
        }
        if (request.Path.Equals(SignOutPath) && HttpMethods.IsPost(request.Method))
        {
            BrowserSession.SignOut(context.Response);
            context.Response.Redirect("/", permanent: false);
            return;
        }
        if (session.IsSignedIn(request))
        {
            await next(context);
            return;
        }
        await SignInPage.WriteAsync(context, StatusCodes.Status401Unauthorized, error: null,
            LocalOnly(request.PathBase + request.Path + request.QueryString));
    }

    private async Task SignInWithAsync(HttpContext context, string token, string then)
    {
        if (!session.AcceptsToken(token))
        {
            await SignInPage.WriteAsync(context, StatusCodes.Status401Unauthorized,
                "That is not this Codewalkers' token. Use the link ./run.sh printed, or the contents of $CW_HOME/token.",
                then);
            return;
        }
        session.SignIn(context.Response);
        // 303: the browser fetches the page with GET, and the token leaves its address bar and history.
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = then;
    }

    /// <summary>
    /// Browsers send Origin with every cross-site write and with every WebSocket; the page's own origin is the
    /// address the browser used (the gateway keeps the Host header).
    /// </summary>
    private static bool SameOrigin(HttpContext context)
    {
        var request = context.Request;
        var isWrite = !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
            && !HttpMethods.IsOptions(request.Method);
        if (!isWrite && !IsWebSocketHandshake(request)) return true;
        var origin = request.Headers.Origin;
        // Every browser sends Origin with a POST; a write without one is not from a page and is refused. A WebSocket
        // without one is not from a browser at all, and still needs the cookie.
        if (StringValues.IsNullOrEmpty(origin)) return !isWrite;
        return Uri.TryCreate(origin.ToString(), UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A WebSocket handshake, told by its headers: the WebSockets middleware runs later, inside the circuit's endpoint,
    /// so <c>context.WebSockets.IsWebSocketRequest</c> is still false here. (HTTP/2 WebSockets are a CONNECT, a write.)
    /// </summary>
    private static bool IsWebSocketHandshake(HttpRequest request) =>
        request.Headers.Upgrade.ToString().Contains("websocket", StringComparison.OrdinalIgnoreCase);

    private static string WithoutToken(HttpRequest request)
    {
        var rest = request.Query.Where(pair => pair.Key != TokenParameter)
            .SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string?>(pair.Key, value)));
        return QueryHelpers.AddQueryString(LocalOnly(request.PathBase + request.Path), rest);
    }

    /// <summary>Only a path on this site: never a redirect elsewhere.</summary>
    private static string LocalOnly(string path) =>
        path.StartsWith('/') && !path.StartsWith("//", StringComparison.Ordinal)
        && !path.StartsWith("/\\", StringComparison.Ordinal) ? path : "/";
}
