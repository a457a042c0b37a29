using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Authorizer.Core.Requests;

namespace Authorizer.Functions.Events.Parsing;

/// <summary>
/// The one pass over an event: a <see cref="Utf8JsonReader"/> (syntax and depth), the <see cref="NameSet"/> of the
/// open objects (duplicate names at every level, unknown members included), and the member-type checks the
/// contract deserializer applies (null always allowed; every string, and every dictionary key, must decode to
/// text). Header and query entries are not turned into strings while the pass runs: they are kept as places in the
/// payload (<see cref="TextPair"/>) and built once the pass knows which of them the request keeps.
/// </summary>
/// <remarks>
/// Hand-written over the reader, not the source-generated contracts, for speed: the previous reader (a kind pass,
/// a structure pass, then a pass per header map) cost 4.2× the floor (a bare reader scan plus the scheme's crypto)
/// for a REST appcode event; this pass costs 1.5× that floor and 2.7–3.8× a bare
/// scan (BenchmarkDotNet, <c>ParsingBenchmarks</c>; docs/PERFORMANCE.md, "Event parsing in one pass").
/// </remarks>
internal ref struct EventCursor
{
    public static readonly JsonReaderOptions ReaderOptions = new()
    {
        MaxDepth = FunctionsJsonContext.MaxJsonDepth,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    /// <summary>Header names up to this many UTF-8 bytes are decoded on the stack (a char per byte at most).</summary>
    private const int StackNameBytes = 128;

    public Utf8JsonReader Reader;
    private readonly ReadOnlySpan<byte> _payload;
    private NameSet _names;
    private Span<TextPair> _pairs;
    private TextPair[]? _rentedPairs;
    private int _pairCount;
    private MapRanges _maps;
    private List<string>? _decoded;

    public EventCursor(ReadOnlySpan<byte> payload, Span<NameEntry> names, Span<TextPair> pairs)
    {
        _payload = payload;
        Reader = new Utf8JsonReader(payload, ReaderOptions);
        _names = new NameSet(payload, names);
        _pairs = pairs;
    }

    /// <summary>
    /// The entries <paramref name="map"/> gave, in payload order. Each map is one member, read once (a repeated
    /// name is refused), so its entries are one run of the kept places.
    /// </summary>
    public readonly ReadOnlySpan<TextPair> PairsOf(PairMap map)
    {
        var range = _maps[(int)map];
        return _pairs.Slice(range.Start, range.Count);
    }

    public void Dispose()
    {
        _names.Dispose();
        if (_rentedPairs is not null)
        {
            ArrayPool<TextPair>.Shared.Return(_rentedPairs);
            _rentedPairs = null;
        }
    }

    /// <summary>
    /// Reads the top-level object with <typeparamref name="TReader"/> into <paramref name="state"/>: anything but
    /// an object is not an event, and nothing may follow it.
    /// </summary>
    public void ReadRoot<TReader, TState>(scoped ref TState state)
        where TReader : struct, IMemberReader<TState>
        where TState : struct
    {
        if (!Reader.Read() || Reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidEventException("The event is not a JSON object.");
        }

        ReadMembers<TReader, TState>(ref state);
        if (Reader.Read())
        {
            throw new InvalidEventException("The event has content after its JSON object.");
        }
    }

    /// <summary>
    /// Moves to a nested record's value and reads its members with <typeparamref name="TReader"/> into
    /// <paramref name="state"/>; false (state untouched) for a JSON null.
    /// </summary>
    public bool ReadObject<TReader, TState>(scoped ref TState state)
        where TReader : struct, IMemberReader<TState>
        where TState : struct
    {
        Reader.Read();
        if (Reader.TokenType == JsonTokenType.Null)
        {
            return false;
        }

        JsonChecks.RequireStartObject(ref Reader);
        ReadMembers<TReader, TState>(ref state);
        return true;
    }

    /// <summary>
    /// The one member loop of every contract object: each declared member once (a repeat is refused) goes to
    /// <typeparamref name="TReader"/>, any other is skipped with its names recorded, and the object's names are
    /// checked when it closes. Generic over structs, so the JIT compiles one loop per reader with the member
    /// switch called directly (no delegate, nothing allocated).
    /// </summary>
    private void ReadMembers<TReader, TState>(scoped ref TState state)
        where TReader : struct, IMemberReader<TState>
        where TState : struct
    {
        var frame = _names.Open();
        var seen = 0;
        while (NextMember())
        {
            var member = Member(TReader.Names, ref seen);
            if (member < 0)
            {
                SkipUnknownMember();
            }
            else
            {
                TReader.Read(ref this, member, ref state);
            }
        }

        _names.Close(frame);
    }

    /// <summary>Moves to the next member's name; false at the end of the object.</summary>
    private bool NextMember() => Reader.Read() && Reader.TokenType == JsonTokenType.PropertyName;

    /// <summary>
    /// Which of <paramref name="names"/> the current member is (-1: none); a declared member seen before in this
    /// object (<paramref name="seen"/>, a bit per name) is a repeated name.
    /// </summary>
    private int Member(MemberNames names, ref int seen)
    {
        var index = names.Find(ref Reader);
        if (index < 0)
        {
            return index;
        }

        var bit = 1 << index;
        if ((seen & bit) != 0)
        {
            throw new InvalidEventException("The event repeats a property name.");
        }

        seen |= bit;
        return index;
    }

    /// <summary>
    /// Skips a member no contract names. Its name is not checked as text (extension data takes a name that is not
    /// UTF-8 as it is) but does take part in the duplicate check, and so does every name inside its value.
    /// </summary>
    private void SkipUnknownMember()
    {
        _names.Add(ref Reader);
        Reader.Read();
        SkipValue();
    }

    /// <summary>Moves to the value and reads a <c>string?</c> member.</summary>
    public string? ReadString()
    {
        Reader.Read();
        return JsonChecks.CurrentString(ref Reader);
    }

    /// <summary>Moves to the value and checks a <c>string?</c> member without reading it.</summary>
    public void SkipString()
    {
        Reader.Read();
        JsonChecks.CheckCurrentString(ref Reader);
    }

    /// <summary>As <see cref="SkipString"/>, returning where the string starts (-1 for null), for reading it later.</summary>
    public int MarkString()
    {
        Reader.Read();
        JsonChecks.CheckCurrentString(ref Reader);
        return Reader.TokenType == JsonTokenType.Null ? -1 : (int)Reader.TokenStartIndex;
    }

    /// <summary>Moves to the value and keeps a <c>string?</c> member as a place in the payload, checked as text.</summary>
    public TextRef ReadText()
    {
        Reader.Read();
        return CurrentText();
    }

    /// <summary>
    /// Moves to a top-level <c>version</c> or <c>type</c> value and notes what it says: the event kind is read from
    /// these alone, as <see cref="AuthorizerEventParser.DetectKind"/> reads it. <paramref name="typed"/>: the contract
    /// declares the member as a string (otherwise it is extension data, any value).
    /// </summary>
    public KindMarker ReadMarker(bool isVersion, bool typed)
    {
        Reader.Read();
        if (Reader.TokenType != JsonTokenType.String)
        {
            if (typed)
            {
                JsonChecks.CheckCurrentString(ref Reader);
            }
            else
            {
                SkipValue();
            }

            return KindMarker.None;
        }

        JsonChecks.CheckText(ref Reader);
        if (isVersion)
        {
            return Reader.ValueTextEquals("2.0"u8) ? KindMarker.Version2 : KindMarker.Other;
        }

        return Reader.ValueTextEquals("TOKEN"u8) ? KindMarker.Token
            : Reader.ValueTextEquals("REQUEST"u8) ? KindMarker.Request
            : KindMarker.Other;
    }

    /// <summary>Moves to the value and checks a <c>Dictionary&lt;string, string?&gt;?</c> member.</summary>
    public void SkipStringMap()
    {
        Reader.Read();
        if (Reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        JsonChecks.RequireStartObject(ref Reader);
        var frame = _names.Open();
        while (NextMember())
        {
            AddKey();
            SkipString();
        }

        _names.Close(frame);
    }

    /// <summary>Moves to the value and checks a <c>List&lt;string?&gt;?</c> member.</summary>
    public void SkipStringList()
    {
        Reader.Read();
        if (Reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        JsonChecks.RequireStartArray(ref Reader);
        while (Reader.Read() && Reader.TokenType != JsonTokenType.EndArray)
        {
            JsonChecks.CheckCurrentString(ref Reader);
        }
    }

    /// <summary>Moves to the value and checks a <c>Dictionary&lt;string, JsonElement&gt;?</c> member.</summary>
    public void SkipElementMap()
    {
        Reader.Read();
        if (Reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        JsonChecks.RequireStartObject(ref Reader);
        var frame = _names.Open();
        while (NextMember())
        {
            // Unlike extension data, a dictionary decodes each key, refusing one that is not UTF-8.
            AddKey();
            Reader.Read();
            SkipValue();
        }

        _names.Close(frame);
    }

    /// <summary>Moves to a <c>Dictionary&lt;string, string?&gt;?</c> value and keeps its entries; false for null.</summary>
    public bool ReadStringMap(PairMap map)
    {
        Reader.Read();
        if (Reader.TokenType == JsonTokenType.Null)
        {
            return false;
        }

        JsonChecks.RequireStartObject(ref Reader);
        var start = _pairCount;
        var frame = _names.Open();
        while (NextMember())
        {
            var name = KeyText();
            AddPair(new TextPair(name, ReadText()));
        }

        _names.Close(frame);
        _maps[(int)map] = new PairRange(start, _pairCount - start);
        return true;
    }

    /// <summary>
    /// Moves to a <c>Dictionary&lt;string, List&lt;string?&gt;?&gt;?</c> value and keeps one entry per list element
    /// (a null list none); false for null.
    /// </summary>
    public bool ReadListMap(PairMap map)
    {
        Reader.Read();
        if (Reader.TokenType == JsonTokenType.Null)
        {
            return false;
        }

        JsonChecks.RequireStartObject(ref Reader);
        var start = _pairCount;
        var frame = _names.Open();
        while (NextMember())
        {
            var name = KeyText();
            Reader.Read();
            if (Reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            JsonChecks.RequireStartArray(ref Reader);
            while (Reader.Read() && Reader.TokenType != JsonTokenType.EndArray)
            {
                AddPair(new TextPair(name, CurrentText()));
            }
        }

        _names.Close(frame);
        _maps[(int)map] = new PairRange(start, _pairCount - start);
        return true;
    }

    /// <summary>Moves to a <c>List&lt;string?&gt;?</c> value and keeps its elements (nameless); false for null.</summary>
    public bool ReadStringList(PairMap map)
    {
        Reader.Read();
        if (Reader.TokenType == JsonTokenType.Null)
        {
            return false;
        }

        JsonChecks.RequireStartArray(ref Reader);
        var start = _pairCount;
        while (Reader.Read() && Reader.TokenType != JsonTokenType.EndArray)
        {
            AddPair(new TextPair(TextRef.Null, CurrentText()));
        }

        _maps[(int)map] = new PairRange(start, _pairCount - start);
        return true;
    }

    /// <summary>The text a kept place holds, as the reader's <c>GetString</c> would have returned it; null for null.</summary>
    public readonly string? Text(TextRef text) => text.Start switch
    {
        >= 0 => text.Length == 0 ? string.Empty : Encoding.UTF8.GetString(_payload.Slice(text.Start, text.Length)),
        TextRef.DecodedStart => _decoded![text.Length],
        _ => null,
    };

    /// <summary>
    /// The characters of a kept place in the payload (<see cref="TextRef.Start"/> ≥ 0) decoded into
    /// <paramref name="chars"/>, which holds at least <see cref="TextRef.Length"/> of them.
    /// </summary>
    public readonly ReadOnlySpan<char> CopyText(TextRef text, Span<char> chars) =>
        chars[..Encoding.UTF8.GetChars(_payload.Slice(text.Start, text.Length), chars)];

    /// <summary>A kept header name as a string: the shared instance for the common names.</summary>
    public readonly string HeaderName(TextRef name)
    {
        if (name.Start < 0 || name.Length > StackNameBytes)
        {
            return Text(name)!;
        }

        Span<char> chars = stackalloc char[StackNameBytes];
        return KnownHeaderNames.AsSent(chars[..Encoding.UTF8.GetChars(_payload.Slice(name.Start, name.Length), chars)]);
    }

    /// <summary>Whether <paramref name="headers"/> has the kept name, without making it a string.</summary>
    public readonly bool HasHeader(HeaderMap headers, TextRef name)
    {
        if (name.Start < 0 || name.Length > StackNameBytes)
        {
            return headers.Contains(Text(name)!);
        }

        Span<char> chars = stackalloc char[StackNameBytes];
        return headers.Contains(chars[..Encoding.UTF8.GetChars(_payload.Slice(name.Start, name.Length), chars)]);
    }

    /// <summary>Whether two kept places hold the same bytes (so the same text); false when either was decoded or is null.</summary>
    public readonly bool SameText(TextRef a, TextRef b) =>
        a.Start >= 0 && b.Start >= 0 && a.Length == b.Length && _payload.Slice(a.Start, a.Length).SequenceEqual(_payload.Slice(b.Start, b.Length));

    /// <summary>Skips the current value token by token, recording every property name in it.</summary>
    private void SkipValue()
    {
        if (Reader.TokenType == JsonTokenType.StartObject)
        {
            var frame = _names.Open();
            while (NextMember())
            {
                _names.Add(ref Reader);
                Reader.Read();
                SkipValue();
            }

            _names.Close(frame);
        }
        else if (Reader.TokenType == JsonTokenType.StartArray)
        {
            while (Reader.Read() && Reader.TokenType != JsonTokenType.EndArray)
            {
                SkipValue();
            }
        }
    }

    /// <summary>A dictionary key: checked as text and recorded.</summary>
    private void AddKey()
    {
        JsonChecks.CheckText(ref Reader);
        _names.Add(ref Reader);
    }

    private TextRef KeyText()
    {
        _names.Add(ref Reader);
        return PlaceOfText();
    }

    private TextRef CurrentText() => Reader.TokenType switch
    {
        JsonTokenType.String => PlaceOfText(),
        JsonTokenType.Null => TextRef.Null,
        _ => throw JsonChecks.WrongType(),
    };

    /// <summary>The current string or name, checked as text: its place when unescaped, else decoded now.</summary>
    private TextRef PlaceOfText()
    {
        if (!Reader.ValueIsEscaped)
        {
            var raw = Reader.ValueSpan;
            if (!Utf8.IsValid(raw))
            {
                throw JsonChecks.WrongType();
            }

            return new TextRef(
                raw.IsEmpty ? 0 : (int)Unsafe.ByteOffset(ref MemoryMarshal.GetReference(_payload), ref MemoryMarshal.GetReference(raw)),
                raw.Length);
        }

        _decoded ??= [];
        _decoded.Add(Reader.GetString()!);
        return new TextRef(TextRef.DecodedStart, _decoded.Count - 1);
    }

    private void AddPair(TextPair pair)
    {
        if (_pairCount == _pairs.Length)
        {
            var grown = ArrayPool<TextPair>.Shared.Rent(_pairs.Length * 2);
            _pairs[.._pairCount].CopyTo(grown);
            if (_rentedPairs is not null)
            {
                ArrayPool<TextPair>.Shared.Return(_rentedPairs);
            }

            _rentedPairs = grown;
            _pairs = grown;
        }

        _pairs[_pairCount++] = pair;
    }
}

/// <summary>
/// A string of the event kept for later: <see cref="Start"/> ≥ 0 is the payload offset of its UTF-8 bytes (no
/// escapes, already checked as text); <see cref="DecodedStart"/> marks an escaped string decoded during the pass
/// (<see cref="Length"/> is its index); <see cref="NullStart"/> a JSON null.
/// </summary>
internal readonly record struct TextRef(int Start, int Length)
{
    public const int NullStart = -1;
    public const int DecodedStart = -2;

    public static TextRef Null => new(NullStart, 0);

    public bool IsNull => Start == NullStart;
}

/// <summary>
/// Reads the declared members of one contract object for <see cref="EventCursor.ReadRoot{TReader, TState}"/> and
/// <see cref="EventCursor.ReadObject{TReader, TState}"/>: <see cref="Names"/> are the members it declares, and
/// <see cref="Read"/> moves to the value of the member at that index and reads it into the state.
/// </summary>
internal interface IMemberReader<TState>
    where TState : struct
{
    static abstract MemberNames Names { get; }

    static abstract void Read(ref EventCursor cursor, int member, scoped ref TState state);
}

/// <summary>The event maps whose entries the cursor keeps (<see cref="EventCursor.PairsOf"/>).</summary>
internal enum PairMap : byte
{
    Headers,
    MultiValueHeaders,
    Query,
    MultiValueQuery,
    Cookies,
}

/// <summary>Where one map's entries sit among the kept places.</summary>
internal readonly record struct PairRange(int Start, int Count);

/// <summary>A <see cref="PairRange"/> per <see cref="PairMap"/>, inside the cursor (no array).</summary>
[InlineArray(5)]
internal struct MapRanges
{
    private PairRange _first;
}

/// <summary>One entry of a header or query map (or a cookie, nameless), as places in the payload.</summary>
internal readonly record struct TextPair(TextRef Name, TextRef Value);

/// <summary>What a top-level <c>version</c> or <c>type</c> says about the event kind.</summary>
internal enum KindMarker : byte
{
    None,
    Other,
    Version2,
    Token,
    Request,
}
