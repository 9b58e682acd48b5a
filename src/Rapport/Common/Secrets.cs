using System.Security.Cryptography;
using System.Text;

namespace Rapport.Common;

/// <summary>Random tokens (API keys, invitation and reset links) and their stored SHA-256 hashes.</summary>
public static class Secrets
{
    public static string NewToken(string prefix = "") =>
        prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>Tokens are long random strings, so an unsalted SHA-256 is enough to look them up and keep them safe.</summary>
    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
