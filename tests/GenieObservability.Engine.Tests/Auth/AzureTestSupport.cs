using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using GenieObservability.Emulator;

namespace GenieObservability.Engine.Tests.Auth;

/// <summary>
/// What the Azure.Identity tests need: an emulator with a loopback TLS endpoint whose certificate only these tests
/// trust (through the HTTP client they hand the provider), app certificates, and federated tokens signed by a test issuer.
/// </summary>
internal static class AzureTestSupport
{
    private static readonly Lazy<X509Certificate2> Tls = new(() => SelfSigned("CN=genie-emulator-tls", tls: true));

    public static X509Certificate2 TlsCertificate => Tls.Value;

    public static Task<WorkspaceEmulator> StartTlsEmulatorAsync() => WorkspaceEmulator.StartAsync(new EmulatorOptions { TlsCertificate = TlsCertificate });

    /// <summary>
    /// An HTTP client that accepts the system's trusted certificates and, in addition, this test's emulator certificate
    /// (and nothing else), and records every address it was asked to reach.
    /// </summary>
    public static HttpClient TrustingClient(List<Uri> seen)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    errors == SslPolicyErrors.None || (certificate is not null && certificate.GetCertHashString() == TlsCertificate.Thumbprint),
            },
        };
        return new HttpClient(new RecordingHandler(handler, seen));
    }

    /// <summary>A self-signed certificate with an RSA key, as an app registration's certificate or the emulator's TLS certificate.</summary>
    public static X509Certificate2 SelfSigned(string subject, bool tls = false)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (tls)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }

        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        // Through PFX, so the key is usable by Kestrel and the signing code on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null, X509KeyStorageFlags.Exportable);
    }

    /// <summary>A token as a workload's identity provider issues it (a Kubernetes service account token, say): RS256 over iss/sub/aud/exp.</summary>
    public static string FederatedToken(RSA key, string issuer, string subject, string audience = AzureIdentityRegistry.TokenExchangeAudience, TimeSpan? lifetime = null)
    {
        var now = DateTimeOffset.UtcNow;
        var header = Encode(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", typ = "JWT", kid = "test-key" }));
        var payload = Encode(JsonSerializer.SerializeToUtf8Bytes(new { iss = issuer, sub = subject, aud = new[] { audience }, iat = now.ToUnixTimeSeconds(), nbf = now.ToUnixTimeSeconds(), exp = (now + (lifetime ?? TimeSpan.FromHours(1))).ToUnixTimeSeconds() }));
        var signature = key.SignData(Encoding.ASCII.GetBytes(header + "." + payload), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return header + "." + payload + "." + Encode(signature);
    }

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed class RecordingHandler(HttpMessageHandler inner, List<Uri> seen) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (seen)
            {
                seen.Add(request.RequestUri!);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
