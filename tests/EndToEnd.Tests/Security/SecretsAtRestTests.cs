using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Codewalkers.EndToEnd.Tests.Infrastructure;

namespace Codewalkers.EndToEnd.Tests.Security;

/// <summary>
/// What the running system leaves on disk: only its user may read it, and account secrets are not plain text.
/// </summary>
[Collection(CodewalkersAppCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SecretsAtRestTests(CodewalkersApp app)
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateDirectory = Private | UnixFileMode.UserExecute;

    [Fact]
    public void The_home_is_0700_and_the_token_and_databases_are_0600()
    {
        Assert.Equal(PrivateDirectory, File.GetUnixFileMode(app.CwHome));
        Assert.Equal(PrivateDirectory, File.GetUnixFileMode(Path.Combine(app.CwHome, "data")));
        Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(app.CwHome, "token")));

        var databases = Directory.GetFiles(Path.Combine(app.CwHome, "data"));
        Assert.Contains(databases, f => f.EndsWith("planning.db", StringComparison.Ordinal));
        Assert.Contains(databases, f => f.EndsWith("-wal", StringComparison.Ordinal));
        Assert.All(databases, file =>
            Assert.True(File.GetUnixFileMode(file) == Private, $"{file} is {File.GetUnixFileMode(file)}"));
    }

    [Fact]
    public async Task An_account_credential_is_stored_encrypted_with_a_key_ring_only_its_user_can_read()
    {
        using var client = app.CreateClient();
        var secret = $"sk-at-rest-{Guid.NewGuid():N}";
        var credentials = new
        {
            claudeAiOauth = new { accessToken = secret, refreshToken = $"{secret}-refresh", expiresAt = 4102444800000 }
        };

        using var created = await client.PostAsJsonAsync("/api/accounts",
            new { email = $"{Guid.NewGuid():N}@at-rest.example", provider = "claude", credentials });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        try
        {
            var data = Path.Combine(app.CwHome, "data");
            foreach (var file in Directory.GetFiles(data, "agents.db*"))
                Assert.DoesNotContain(secret, await ReadSharedAsync(file), StringComparison.Ordinal);

            var keys = Path.Combine(app.CwHome, "keys");
            Assert.Equal(PrivateDirectory, File.GetUnixFileMode(keys));
            var keyFiles = Directory.GetFiles(keys, "*.xml");
            Assert.NotEmpty(keyFiles);
            Assert.All(keyFiles, file =>
                Assert.True(File.GetUnixFileMode(file) == Private, $"{file} is {File.GetUnixFileMode(file)}"));
        }
        finally
        {
            // Other tests' agents must not start picking this account.
            using var deleted = await client.DeleteAsync($"/api/accounts/{id}");
        }
    }

    private static async Task<string> ReadSharedAsync(string path)
    {
        await using var stream =
            new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory);
        return Encoding.Latin1.GetString(memory.ToArray());
    }
}
