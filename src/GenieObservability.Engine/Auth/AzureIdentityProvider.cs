using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Identity;
using Microsoft.Identity.Client;

namespace GenieObservability.Engine.Auth;

/// <summary>
/// Entra tokens for Azure Databricks (scope 2ff814a6-…/.default) from an Azure.Identity credential. The token's
/// audience is Azure Databricks itself, so one token serves every workspace. This class's cache is the only one
/// consulted: each request builds a new credential, so the library's per-credential cache never answers for it, and
/// managed identity, whose library cache is process-wide, is asked for a token issued from now on (the claims
/// challenge shape MSAL uses to skip that cache; IMDS and App Service never see it on the wire).
/// </summary>
public sealed partial class AzureIdentityProvider : CachingTokenProvider
{
    private readonly Func<TokenCredential> _createCredential;
    private readonly string _credential;
    private readonly string _endpoint;
    private readonly string _fix;
    private readonly Func<IReadOnlyList<string?>> _secrets;

    internal AzureIdentityProvider(string authType, Func<TokenCredential> createCredential, string credential, string endpoint, string fix, Func<IReadOnlyList<string?>> secrets, TimeProvider? time)
        : base(time)
    {
        AuthType = authType;
        _createCredential = createCredential;
        _credential = credential;
        _endpoint = endpoint;
        _fix = fix;
        _secrets = secrets;
        try
        {
            // The library checks tenant and client ids when a credential is built: say so now, not at the first request.
            _ = createCredential();
        }
        catch (ArgumentException ex)
        {
            throw new GenieObservabilityException(
                $"{char.ToUpperInvariant(credential[0])}{credential[1..]} cannot be used: {FirstLine(ex.Message)} {fix}",
                "GenieCredentialIncomplete",
                GenieErrorCategory.InvalidArgument,
                ex);
        }
    }

    public override string AuthType { get; }

    /// <summary>The token URL (or command) for messages, without a query.</summary>
    public string Endpoint => _endpoint;

    /// <summary>True for managed identity: MSAL shares its token cache across every credential in the process.</summary>
    internal bool LibraryCacheIsShared { get; init; }

    protected override string CacheKey(Uri workspaceHost) => AzureEnvironment.DatabricksScope;

    protected override async Task<BearerToken> RequestTokenAsync(Uri workspaceHost, bool forced, IOperationLog log, CancellationToken cancellationToken)
    {
        log.Debug($"Requesting a token from {_endpoint} for {_credential}{(forced ? " after the workspace rejected the last one" : string.Empty)}.");
        var claims = LibraryCacheIsShared
            ? "{\"access_token\":{\"nbf\":{\"essential\":true,\"value\":\"" + Time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + "\"}}}"
            : null;
        try
        {
            var token = await _createCredential()
                .GetTokenAsync(new TokenRequestContext([AzureEnvironment.DatabricksScope], claims: claims), cancellationToken)
                .ConfigureAwait(false);
            log.Debug($"Got a token for {_credential} from {_endpoint}, valid until {token.ExpiresOn:u}.");
            return new BearerToken(token.Token, token.ExpiresOn);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is AuthenticationFailedException or RequestFailedException or MsalException or HttpRequestException)
        {
            throw Translate(ex);
        }
    }

    private GenieApiException Translate(Exception ex)
    {
        var chain = Chain(ex).ToList();
        var service = chain.OfType<MsalServiceException>().FirstOrDefault();
        var reported = service is null ? null : ReportedResponse().Match(service.Message);
        var status = service is { StatusCode: > 0 } ? service.StatusCode
            : chain.OfType<RequestFailedException>().FirstOrDefault(r => r.Status > 0)?.Status
            ?? (reported is { Success: true } && Enum.TryParse<HttpStatusCode>(reported.Groups["status"].Value, out var named) ? (int)named : null);
        var unreachable = chain.FirstOrDefault(e => e is HttpRequestException or SocketException);
        string message;
        string type;
        if (status is 400 or 401 or 403)
        {
            type = GenieApiErrorType.AuthError;
            message = $"{_endpoint} refused the credential for {_credential} (HTTP {status}: {Detail(ex, service, reported)}). {_fix}";
        }
        else
        {
            type = GenieApiErrorType.NoToken;
            var reason = unreachable is not null && status is null
                ? $"{_endpoint} could not be reached ({FirstLine((unreachable.InnerException ?? unreachable).Message)})"
                : status is { } code ? $"{_endpoint} answered HTTP {code}: {Detail(ex, service, reported)}" : Detail(ex, service, reported);
            message = $"Could not get a token for {_credential}: {reason}. {_fix}";
        }

        return new GenieApiException(
            type,
            SecretRedactor.Redact(message, [.. _secrets()]),
            httpStatus: status,
            errorCode: service?.ErrorCode,
            method: "token",
            path: _endpoint);
    }

    // The endpoint's own words (OAuth error and description) when there is a response, else the library's first line.
    private static string Detail(Exception ex, MsalServiceException? service, Match? reported)
    {
        var body = service?.ResponseBody is { Length: > 0 } response ? response : reported is { Success: true } ? reported.Groups["body"].Value : null;
        if (body is not null && TokenResponse.DescribeError(body) is { } described)
        {
            return described;
        }

        var innermost = service as Exception ?? Chain(ex).Last(e => e is not AggregateException);
        return FirstLine(innermost.Message).TrimEnd('.');
    }

    private static IEnumerable<Exception> Chain(Exception ex)
    {
        for (Exception? current = ex; current is not null; current = current is AggregateException { InnerExceptions.Count: > 0 } aggregate ? aggregate.InnerExceptions[0] : current.InnerException)
        {
            yield return current;
        }
    }

    // MSAL reports some managed-identity failures (IMDS 400, 502, 504) with the status and body only in its message:
    // "...Status: BadRequest\nContent:\n{body}\nHeaders:...".
    [GeneratedRegex(@"Status: (?<status>[A-Za-z]+)\s*\r?\nContent:\r?\n(?<body>.*?)\r?\n\s*\r?\nHeaders:", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex ReportedResponse();

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}
