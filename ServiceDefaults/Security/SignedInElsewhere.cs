using Microsoft.AspNetCore.Http;

namespace Codewalkers.ServiceDefaults.Security;

/// <summary>
/// Paths whose callers sign in another way than the bearer token: the web app's pages, which a browser reaches with
/// the sign-in cookie the web app itself checks. The token check lets them through to that check; nothing else.
/// </summary>
public sealed record SignedInElsewhere(Func<PathString, bool> Covers);
