using System.Security.Cryptography;
using System.Text;

namespace Authorizer.Core.Tokens;

/// <summary>Signs tokens with a P-256 key held in a PEM file (the local setup; in AWS a KMS key does this).</summary>
public sealed class LocalEcdsaTokenSigner : ITokenSigner, IDisposable
{
    private readonly EcdsaPool _keys;

    private LocalEcdsaTokenSigner(ECDsa key)
    {
        var parameters = key.ExportParameters(includePrivateParameters: false);
        if (key.KeySize != 256 || parameters.Curve.Oid?.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            key.Dispose();
            throw new ArgumentException("Token signing keys must be P-256 keys.", nameof(key));
        }

        // The pool makes its own instances from the parameters, so concurrent tokens never share one ECDsa.
        var privateParameters = key.ExportParameters(includePrivateParameters: true);
        key.Dispose();
        _keys = new EcdsaPool(privateParameters);
        VerificationKey = new TokenVerificationKey(KeyThumbprint.Of(parameters), parameters);
    }

    /// <summary>The key id: the RFC 7638 thumbprint of the public key, stable across restarts.</summary>
    public string Kid => VerificationKey.Kid;

    /// <summary>The public half, for an <see cref="Es256TokenValidator"/>.</summary>
    public TokenVerificationKey VerificationKey { get; }

    /// <summary>Loads the PEM private key at <paramref name="path"/>, creating a new random key (mode 0600) when the file is missing.</summary>
    public static LocalEcdsaTokenSigner FromKeyFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            TryCreateKeyFile(path);
        }

        return FromPem(File.ReadAllText(path));
    }

    public static LocalEcdsaTokenSigner FromPem(string privateKeyPem)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(privateKeyPem);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(privateKeyPem);
            _ = key.ExportParameters(includePrivateParameters: true);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new ArgumentException("The token signing key is not a PEM EC private key.", nameof(privateKeyPem), ex);
        }

        return new LocalEcdsaTokenSigner(key);
    }

    /// <summary>A signer with a fresh in-memory key (tests, throwaway runs).</summary>
    public static LocalEcdsaTokenSigner CreateEphemeral() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    public ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_keys.Sign(data.Span));
    }

    public void Dispose() => _keys.Dispose();

    private static void TryCreateKeyFile(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        using var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = Encoding.ASCII.GetBytes(fresh.ExportPkcs8PrivateKeyPem());
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var stream = new FileStream(path, options);
            stream.Write(pem);
            stream.Flush(flushToDisk: true);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created the key first; its key is the one to use.
        }
    }
}
