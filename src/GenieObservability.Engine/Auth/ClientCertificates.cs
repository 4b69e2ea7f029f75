using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GenieObservability.Engine.Auth;

/// <summary>Finds an Entra service principal's certificate: a PFX or PEM file, a thumbprint in the "My" stores, or the object given; it must carry its private key.</summary>
internal static class ClientCertificates
{
    public static X509Certificate2 Load(ResolvedCredential credential)
    {
        var certificate = credential.Certificate
            ?? (credential.CertificatePath is { } path ? FromFile(path, credential.CertificatePassword is null ? null : SecureStrings.Reveal(credential.CertificatePassword))
            : FromStore(credential.CertificateThumbprint!));
        if (!certificate.HasPrivateKey)
        {
            throw Invalid($"Certificate {certificate.Thumbprint} ({certificate.Subject}) has no private key: Entra needs the key to sign the client assertion. Use the PFX (or PEM with key) that the certificate was created with.");
        }

        return certificate;
    }

    private static X509Certificate2 FromFile(string path, string? password)
    {
        if (!File.Exists(path))
        {
            throw new GenieObservabilityException($"The certificate file '{path}' does not exist.", "GenieCertificateNotFound", GenieErrorCategory.ObjectNotFound);
        }

        try
        {
            var extension = Path.GetExtension(path);
            if (extension.Equals(".pem", StringComparison.OrdinalIgnoreCase) || extension.Equals(".crt", StringComparison.OrdinalIgnoreCase))
            {
                return password is null ? X509Certificate2.CreateFromPemFile(path) : X509Certificate2.CreateFromEncryptedPemFile(path, password);
            }

            // Keys stay in memory (no key file left behind); macOS has no ephemeral key sets.
            var flags = OperatingSystem.IsMacOS() ? X509KeyStorageFlags.DefaultKeySet : X509KeyStorageFlags.EphemeralKeySet;
            return new X509Certificate2(path, password, flags);
        }
        catch (CryptographicException ex)
        {
            throw Invalid($"The certificate file '{path}' could not be read ({ex.Message.TrimEnd('.')}): pass a PFX/PKCS#12 file with -CertificatePassword if it has one, or a PEM file holding the certificate and its private key.");
        }
    }

    private static X509Certificate2 FromStore(string thumbprint)
    {
        var wanted = thumbprint.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
        {
            try
            {
                using var store = new X509Store(StoreName.My, location);
                store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
                var found = store.Certificates.Find(X509FindType.FindByThumbprint, wanted, validOnly: false);
                var withKey = found.FirstOrDefault(c => c.HasPrivateKey) ?? found.FirstOrDefault();
                if (withKey is not null)
                {
                    return withKey;
                }
            }
            catch (CryptographicException)
            {
                // A store that does not exist or cannot be opened (LocalMachine\My on Linux) holds nothing for us.
            }
        }

        throw new GenieObservabilityException(
            $"No certificate with thumbprint {wanted} is in the CurrentUser or LocalMachine \"My\" store. Import it there (with its private key), or pass -CertificatePath or -Certificate.",
            "GenieCertificateNotFound",
            GenieErrorCategory.ObjectNotFound);
    }

    private static GenieObservabilityException Invalid(string message) => new(message, "GenieCertificateInvalid", GenieErrorCategory.InvalidData);
}
