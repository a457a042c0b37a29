using System.Security.Cryptography;

namespace Authorizer.Core.Jwt;

/// <summary>
/// Instances of one public key for concurrent verification, as <see cref="Tokens.EcdsaPool"/> does for our own
/// tokens: an <see cref="RSA"/> or <see cref="ECDsa"/> object is not documented as safe for concurrent calls, so each
/// caller rents one (made from the key's parameters when none is idle) for one synchronous verify. Lock-free; at most
/// <see cref="Capacity"/> idle instances are kept.
/// </summary>
internal sealed class KeyInstancePool<T>
    where T : AsymmetricAlgorithm
{
    private readonly Func<T> _create;
    private readonly T?[] _idle;

    public KeyInstancePool(Func<T> create)
    {
        _create = create;
        Capacity = Math.Max(2, Environment.ProcessorCount * 2);
        _idle = new T?[Capacity];

        // One instance now, so a bad key fails when the set is parsed rather than on the first token.
        _idle[0] = create();
    }

    public int Capacity { get; }

    public T Rent()
    {
        for (var i = 0; i < _idle.Length; i++)
        {
            if (Volatile.Read(ref _idle[i]) is not null && Interlocked.Exchange(ref _idle[i], null) is { } key)
            {
                return key;
            }
        }

        return _create();
    }

    public void Return(T key)
    {
        for (var i = 0; i < _idle.Length; i++)
        {
            if (Interlocked.CompareExchange(ref _idle[i], key, null) is null)
            {
                return;
            }
        }

        key.Dispose();
    }
}
