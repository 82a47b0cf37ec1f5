using System.Text.Json;
using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Providers;
using Codewalkers.ServiceDefaults;
using Codewalkers.SharedKernel.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Apis;

/// <summary>Provider accounts. Credentials and config go in; they never come out.</summary>
public static class AccountsApi
{
    public sealed record AddAccountRequest(
        string? Email, string? Provider, JsonElement? Credentials, JsonElement? Config, int? SortOrder);

    /// <summary>
    /// An account without its secrets. <see cref="CredentialsExpireAt"/> is read from its credentials (null: they do
    /// not say); <see cref="Expired"/>: past it with no refresh token, so agents skip it.
    /// </summary>
    public sealed record AccountResponse(
        string Id, string Email, string Provider, bool IsExhausted, DateTimeOffset? ExhaustedUntil,
        DateTimeOffset? LastUsedAt, int SortOrder, bool HasCredentials, DateTimeOffset CreatedAt,
        DateTimeOffset? CredentialsExpireAt = null, bool CredentialsRefreshable = false, bool Expired = false)
    {
        public static AccountResponse From(Account a, DateTimeOffset now) => new(
            a.Id, a.Email, a.Provider, a.IsExhausted, a.ExhaustedUntil, a.LastUsedAt, a.SortOrder,
            !string.IsNullOrEmpty(a.ProtectedCredentials), a.CreatedAt, a.CredentialsExpireAt,
            a.CredentialsRefreshable, a.IsExpired(now));
    }

    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/accounts").WithTags("Accounts");
        group.MapPost("/", AddAsync).WithName("AddAccount")
            .WithSummary("Add a provider account; its secrets are encrypted and never returned.");
        group.MapGet("/", ListAsync).WithName("ListAccounts")
            .WithSummary("Accounts with their exhaustion state, without secrets.");
        group.MapGet("/{id}", GetAsync).WithName("GetAccount")
            .WithSummary("One account: exhaustion, and when its credentials expire (credentialsExpireAt, expired).");
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteAccount")
            .WithSummary("Remove an account and every file written for it under $CW_HOME/accounts/<id>; "
                + "409 while an agent runs on it.");
        return routes;
    }

    private static async Task<Created<AccountResponse>> AddAsync(
        AddAccountRequest? request, AgentsDbContext db, AccountPool pool, ProviderCatalog providers, TimeProvider clock,
        Supervision.AgentSupervisor supervisor, CancellationToken cancellationToken)
    {
        if (request is null) throw new ValidationException("body", "A JSON body is required.");
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Email) || request.Email.Length > 320 || !request.Email.Contains('@'))
            errors["email"] = ["A valid email is required."];
        if (request.Credentials is not { ValueKind: JsonValueKind.Object })
            errors["credentials"] = ["Credentials must be a JSON object (the CLI's .credentials.json)."];
        if (request.Config is { } configJson
            && configJson.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            errors["config"] = ["Config must be a JSON object (the CLI's .claude.json)."];
        if (errors.Count > 0) throw new ValidationException(errors);
        var provider = providers.Get(request.Provider);
        // Malformed credentials of a format we know are refused here, naming the field, not found by a failing agent.
        var life = AccountCredentials.Read(provider.Name, request.Credentials!.Value);
        if (await db.Accounts.AnyAsync(a => a.Provider == provider.Name && a.Email == request.Email, cancellationToken))
            throw new ConflictException($"A {provider.Name} account for {request.Email} exists already.");
        var sortOrder = request.SortOrder ?? (await db.Accounts.CountAsync(cancellationToken));
        var config = request.Config is { ValueKind: JsonValueKind.Object } c ? pool.Protect(c.GetRawText()) : null;
        var account = Account.Create(Ids.New(), request.Email!, provider.Name, config,
            pool.Protect(request.Credentials!.Value.GetRawText()),
            sortOrder, clock.GetUtcNow(), life.ExpiresAt, life.Refreshable);
        db.Accounts.Add(account);
        await db.SaveChangesAsync(cancellationToken);
        supervisor.Wake(); // agents waiting for an account take this one now, not at the next reset
        return TypedResults.Created($"/api/accounts/{account.Id}", AccountResponse.From(account, clock.GetUtcNow()));
    }

    private static async Task<Ok<AccountResponse[]>> ListAsync(AgentsDbContext db, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var accounts = await db.Accounts.AsNoTracking().OrderBy(a => a.SortOrder).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return TypedResults.Ok(accounts.Select(a => AccountResponse.From(a, now)).ToArray());
    }

    private static async Task<Ok<AccountResponse>> GetAsync(string id, AgentsDbContext db, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken)
            ?? throw new NotFoundException("Account", id);
        return TypedResults.Ok(AccountResponse.From(account, clock.GetUtcNow()));
    }

    /// <summary>
    /// Removes the account and every file written for it (credentials, config, the CLI's sessions). Refused while an
    /// agent runs on it: its CLI reads that config dir.
    /// </summary>
    private static async Task<NoContent> DeleteAsync(string id, AgentsDbContext db, AccountPool pool,
        CancellationToken cancellationToken)
    {
        var account = await db.Accounts.FindAsync([id], cancellationToken)
            ?? throw new NotFoundException("Account", id);
        if (await db.Agents.Where(a => a.AccountId == id && a.Status == AgentStatus.Running).Select(a => a.Name)
            .FirstOrDefaultAsync(cancellationToken) is { } running)
            throw new ConflictException($"Agent '{running}' is running on this account; stop it first.",
                "Account in use");
        db.Accounts.Remove(account);
        await db.SaveChangesAsync(cancellationToken);
        pool.Forget(id);
        return TypedResults.NoContent();
    }
}
