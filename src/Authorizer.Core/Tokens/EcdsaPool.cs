using System.Security.Cryptography;

namespace Authorizer.Core.Tokens;

/// <summary>
/// ECDsa instances of one key for concurrent use. An <see cref="ECDsa"/> object is not documented as safe for
/// concurrent calls, and one shared instance behind a lock serialises every token on one thread; each caller
/// therefore rents its own instance (made from the key's parameters when none is free) and returns it after a
/// synchronous sign or verify. At most <see cref="Capacity"/> idle instances are kept; extra ones are disposed.
/// Written here rather than with <c>Microsoft.Extensions.ObjectPool</c> to keep the Core free of that dependency
/// and the rent/return path lock-free (one interlocked exchange per slot tried).
/// </summary>
internal sealed class EcdsaPool : IDisposable
{
    private readonly ECParameters _parameters;
    private readonly ECDsa?[] _idle;
    private volatile bool _disposed;

    public EcdsaPool(ECParameters parameters, int capacity = 0)
    {
        _parameters = parameters;
        Capacity = capacity > 0 ? capacity : Math.Max(2, Environment.ProcessorCount * 2);
        _idle = new ECDsa?[Capacity];

        // One instance now, so a bad key fails when the pool is built rather than on the first token.
        _idle[0] = ECDsa.Create(_parameters);
    }

    public int Capacity { get; }

    /// <summary>Verifies an ES256 signature (IEEE P1363) over <paramref name="data"/>.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        var key = Rent();
        try
        {
            return key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        finally
        {
            Return(key);
        }
    }

    /// <summary>Signs <paramref name="data"/> with ES256 (IEEE P1363); the pool must hold a private key.</summary>
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        var key = Rent();
        try
        {
            return key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        finally
        {
            Return(key);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        for (var i = 0; i < _idle.Length; i++)
        {
            Interlocked.Exchange(ref _idle[i], null)?.Dispose();
        }

        if (_parameters.D is { } d)
        {
            CryptographicOperations.ZeroMemory(d);
        }
    }

    private ECDsa Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        for (var i = 0; i < _idle.Length; i++)
        {
            if (Volatile.Read(ref _idle[i]) is not null && Interlocked.Exchange(ref _idle[i], null) is { } key)
            {
                return key;
            }
        }

        return ECDsa.Create(_parameters);
    }

    private void Return(ECDsa key)
    {
        if (!_disposed)
        {
            for (var i = 0; i < _idle.Length; i++)
            {
                if (Interlocked.CompareExchange(ref _idle[i], key, null) is null)
                {
                    return;
                }
            }
        }

        key.Dispose();
    }
}
