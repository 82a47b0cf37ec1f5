using System.Security.Cryptography;
using Codewalkers.ServiceDefaults.Security;

namespace Codewalkers.Web.SignIn;

/// <summary>
/// The sign-in cookie: a value derived from the API token, so it proves the token was given once without carrying
/// it, and stops working when the token is replaced. HttpOnly (no script reads it) and SameSite=Strict (no other
/// site's page sends it).
/// </summary>
public sealed class BrowserSession(ApiToken token)
{
    public const string CookieName = "cw_session";
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    private readonly string _value = Convert.ToBase64String(token.Derive("codewalkers web session v1"))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public bool AcceptsToken(string? candidate) => candidate is not null && token.Matches(candidate.Trim());

    public bool IsSignedIn(HttpRequest request) =>
        request.Cookies.TryGetValue(CookieName, out var cookie) && cookie is not null
        && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(cookie), System.Text.Encoding.ASCII.GetBytes(_value));

    public void SignIn(HttpResponse response) =>
        response.Cookies.Append(CookieName, _value, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = response.HttpContext.Request.IsHttps,
            Path = "/",
            MaxAge = Lifetime,
        });

    public static void SignOut(HttpResponse response) => response.Cookies.Delete(CookieName, new CookieOptions { Path = "/" });
}
