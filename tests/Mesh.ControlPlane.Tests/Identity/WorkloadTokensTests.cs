using Mesh.ControlPlane.Identity;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.ControlPlane.Tests.Identity;

public sealed class WorkloadTokensTests : IDisposable
{
    private static readonly SpiffeId Basket = new("shop.local", "default", "basket");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));
    private readonly string _directory = Directory.CreateTempSubdirectory("mesh-tokens-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_token_grants_its_one_identity_until_it_expires()
    {
        var tokens = new WorkloadTokens(WorkloadTokens.LoadOrCreateKey(null), _time);
        var (token, expires) = tokens.Create(Basket, TimeSpan.FromHours(1));

        Assert.Equal(Basket, tokens.Validate(token).Identity);
        Assert.Equal(_time.GetUtcNow().AddHours(1), expires);

        _time.Advance(TimeSpan.FromHours(1));
        var (expired, error, _) = tokens.Validate(token);
        Assert.Null(expired);
        Assert.StartsWith("the token expired at", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_from_another_key_or_with_an_edited_subject_grants_nothing()
    {
        var tokens = new WorkloadTokens(WorkloadTokens.LoadOrCreateKey(null), _time);
        var other = new WorkloadTokens(WorkloadTokens.LoadOrCreateKey(null), _time);
        var (token, _) = other.Create(Basket, TimeSpan.FromHours(1));
        var (own, _) = tokens.Create(Basket, TimeSpan.FromHours(1));
        var parts = own.Split('.');
        var claims = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1])).Replace("basket", "ordering", StringComparison.Ordinal);
        var edited = $"{parts[0]}.{System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(claims))}.{parts[2]}";

        Assert.Equal("the token's signature does not match this control plane's key", tokens.Validate(token).Error);
        Assert.Equal("the token's signature does not match this control plane's key", tokens.Validate(edited).Error);
    }

    [Fact]
    public void The_revocation_signal_fires_for_its_own_token_only_and_a_revoked_token_gets_none()
    {
        var tokens = new WorkloadTokens(WorkloadTokens.LoadOrCreateKey(null), _time);
        var revoked = tokens.Create(Basket, TimeSpan.FromHours(1));
        var kept = tokens.Create(Basket, TimeSpan.FromHours(1));
        var revokedSignal = tokens.Validate(revoked.Token).Revoked;
        var keptSignal = tokens.Validate(kept.Token).Revoked;

        tokens.RevokeId(revoked.Id);

        Assert.True(revokedSignal.IsCancellationRequested);
        Assert.False(keptSignal.IsCancellationRequested);
        Assert.False(tokens.Validate(revoked.Token).Revoked.CanBeCanceled);
        Assert.False(tokens.Validate("not-a-token").Revoked.CanBeCanceled);
    }

    [Fact]
    public void A_revoked_token_grants_nothing_and_its_revocation_is_dropped_from_the_file_once_it_has_expired()
    {
        var key = WorkloadTokens.LoadOrCreateKey(_directory);
        var tokens = new WorkloadTokens(key, _time, new TokenRevocations(_directory, _time));
        var shortLived = tokens.Create(Basket, TimeSpan.FromMinutes(10));
        var longLived = tokens.Create(Basket, TimeSpan.FromHours(1));
        var kept = tokens.Create(Basket, TimeSpan.FromHours(1));

        Assert.Equal(shortLived.Id, tokens.Revoke(shortLived.Token).Id);
        tokens.RevokeId(longLived.Id);

        var restarted = new WorkloadTokens(key, _time, new TokenRevocations(_directory, _time));
        Assert.Equal("the token was revoked", restarted.Validate(shortLived.Token).Error);
        Assert.Equal("the token was revoked", restarted.Validate(longLived.Token).Error);
        Assert.Equal(Basket, restarted.Validate(kept.Token).Identity);
        Assert.Contains(shortLived.Id, File.ReadAllText(Path.Combine(_directory, TokenRevocations.FileName)), StringComparison.Ordinal);

        _time.Advance(TimeSpan.FromMinutes(11));
        restarted.Revoke(kept.Token);
        var lines = File.ReadAllText(Path.Combine(_directory, TokenRevocations.FileName));
        Assert.DoesNotContain(shortLived.Id, lines, StringComparison.Ordinal);
        Assert.Contains(longLived.Id, lines, StringComparison.Ordinal);
        Assert.Contains(kept.Id, lines, StringComparison.Ordinal);
    }

    [Fact]
    public void A_revocation_file_that_does_not_read_stops_startup_naming_the_file_and_line()
    {
        var path = Path.Combine(_directory, TokenRevocations.FileName);
        File.WriteAllText(path, "abc 123\nnot-a-line\n");

        var error = Assert.Throws<InvalidDataException>(() => new TokenRevocations(_directory, _time));

        Assert.StartsWith($"{path}:2:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_signing_key_is_kept_owner_only_and_survives_a_restart()
    {
        var (token, _) = new WorkloadTokens(WorkloadTokens.LoadOrCreateKey(_directory), _time).Create(Basket, TimeSpan.FromHours(1));

        Assert.Equal(Basket, new WorkloadTokens(WorkloadTokens.LoadOrCreateKey(_directory), _time).Validate(token).Identity);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_directory, "token.key")));
        }
    }
}
