using System.Collections.Concurrent;

namespace Codewalkers.Proofs;

/// <summary>
/// Sends every kind of bad input to every write route (POST/PUT/PATCH/DELETE) through the gateway with a valid token,
/// from a fixed seed, so a run can be repeated request for request. Each answer must be below 500, a ProblemDetails
/// when it is a 4xx, and free of stack traces.
/// </summary>
public sealed class Fuzzer(HttpClient gateway, string token, Action<string> seen)
{
    public const int Seed = 21;
    private const int Parallelism = 4;

    public sealed record Finding(FuzzCase Case, Answer Answer, string Problem)
    {
        public override string ToString() =>
            $"{Case.Route.Method} {Case.Path} [{Case.Kind}, {Case.ContentType}, {Case.Body.Length} bytes]: {Problem} " +
            $"({Answer}) {Answer.Body[..Math.Min(Answer.Body.Length, 200)]}";
    }

    public sealed record Result(int Requests, int Routes, IReadOnlyList<Finding> ServerErrors,
        IReadOnlyList<Finding> NotProblemDetails, IReadOnlyList<Finding> StackTraces, int ClientErrors);

    public async Task<Result> RunAsync(IReadOnlyList<ApiRoute> routes, int minimumRequests)
    {
        var writes = routes.Where(r => r.IsWrite).ToList();
        var kinds = Enum.GetValues<FuzzKind>();
        var perRoute = Math.Max(kinds.Length * 2, (int)Math.Ceiling(minimumRequests / (double)writes.Count));
        var cases = new List<FuzzCase>();
        foreach (var route in writes)
        {
            // One stream per route, seeded by the route itself: adding a route does not change the others' cases.
            var random = new Random(Seed ^ StableHash(route.ToString()));
            for (var i = 0; i < perRoute; i++) cases.Add(FuzzCase.Create(route, kinds[i % kinds.Length], random));
        }

        var serverErrors = new ConcurrentBag<Finding>();
        var notProblems = new ConcurrentBag<Finding>();
        var stackTraces = new ConcurrentBag<Finding>();
        var clientErrors = 0;
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = Parallelism },
            async (fuzz, _) =>
            {
                using var request = Answer.Request(new HttpMethod(fuzz.Route.Method), fuzz.Path, token, fuzz.Content());
                var answer = await Answer.SendAsync(gateway, request, seen, headersOnly: true);
                if (answer.IsServerError) serverErrors.Add(new Finding(fuzz, answer, "5xx or no answer"));
                if (answer.Status is >= 400 and < 500)
                {
                    Interlocked.Increment(ref clientErrors);
                    if (!answer.IsProblemDetails) notProblems.Add(new Finding(fuzz, answer, "4xx without ProblemDetails"));
                }
                if (answer.HasStackTrace) stackTraces.Add(new Finding(fuzz, answer, "stack trace in the body"));
            });
        return new Result(cases.Count, writes.Count, [.. serverErrors], [.. notProblems], [.. stackTraces],
            clientErrors);
    }

    /// <summary>FNV-1a: string.GetHashCode differs from run to run, which would make the seed meaningless.</summary>
    private static int StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text) hash = (hash ^ c) * 16777619u;
        return (int)hash;
    }
}
