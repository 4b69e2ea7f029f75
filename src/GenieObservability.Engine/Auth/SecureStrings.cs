using System.Runtime.InteropServices;
using System.Security;

namespace GenieObservability.Engine.Auth;

/// <summary>Converts between <see cref="SecureString"/> and the plain text an HTTP request needs, for as short a time as possible.</summary>
public static class SecureStrings
{
    public static string Reveal(SecureString secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var pointer = Marshal.SecureStringToGlobalAllocUnicode(secret);
        try
        {
            return Marshal.PtrToStringUni(pointer, secret.Length);
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(pointer);
        }
    }

    public static SecureString Protect(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var secure = new SecureString();
        foreach (var c in value)
        {
            secure.AppendChar(c);
        }

        secure.MakeReadOnly();
        return secure;
    }

    public static bool IsNullOrEmpty(SecureString? secret) => secret is null || secret.Length == 0;
}
