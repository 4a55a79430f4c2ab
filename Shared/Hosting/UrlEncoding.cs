using System.Text;
using System.Text.Unicode;

namespace SsoSuite.Shared.Hosting;

/// <summary>
/// Whether a query string or an <c>application/x-www-form-urlencoded</c> body is well formed
/// (WHATWG URL §5.1, RFC 3986 §2.1): every <c>%</c> starts two hex digits, the decoded bytes are UTF-8,
/// and no NUL or other control character but tab, line feed and carriage return (which a multi-line field may hold)
/// is hidden in it: no name, address, code or token of either app has one, and stored it would reach audit lines,
/// pages and terminals as something other than text. ASP.NET Core's own parser forgives all three (a bad escape is kept as
/// text, bad UTF-8 becomes U+FFFD), so without this check such input reaches the handlers, and the
/// store, as something other than what was sent.
/// </summary>
public static class UrlEncoding
{
    public const string BadPercentEncoding = "The request contains a '%' that is not followed by two hexadecimal digits.";
    public const string NotUtf8 = "The request contains percent-encoded bytes that are not UTF-8.";
    public const string NulCharacter = "The request contains a NUL character.";
    public const string ControlCharacter = "The request contains a control character.";

    /// <summary>The control characters refused besides NUL: every C0 control but tab, line feed and carriage return, and DEL.</summary>
    private static readonly byte[] ControlCodes =
        [1, 2, 3, 4, 5, 6, 7, 8, 0x0B, 0x0C, 0x0E, 0x0F, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B,
            0x1C, 0x1D, 0x1E, 0x1F, 0x7F];

    private static readonly System.Buffers.SearchValues<byte> Controls = System.Buffers.SearchValues.Create(ControlCodes);

    /// <summary>The same characters, for text already decoded.</summary>
    private static readonly System.Buffers.SearchValues<char> ControlChars =
        System.Buffers.SearchValues.Create(ControlCodes.Select(code => (char)code).ToArray());

    /// <summary>The problem with a raw query string (with or without its '?'), or null when it is well formed.</summary>
    public static string? Check(ReadOnlySpan<char> raw)
    {
        var decoded = new byte[raw.Length * 3];
        var length = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '%')
            {
                if (i + 2 >= raw.Length || !IsHex(raw[i + 1]) || !IsHex(raw[i + 2]))
                {
                    return BadPercentEncoding;
                }
                decoded[length++] = (byte)(HexValue(raw[i + 1]) << 4 | HexValue(raw[i + 2]));
                i += 2;
            }
            else if (c < 0x80)
            {
                decoded[length++] = (byte)c;
            }
            else if (Rune.DecodeFromUtf16(raw[i..], out var rune, out var consumed) == System.Buffers.OperationStatus.Done)
            {
                length += rune.EncodeToUtf8(decoded.AsSpan(length));
                i += consumed - 1;
            }
            else
            {
                return NotUtf8;
            }
        }
        return CheckDecoded(decoded.AsSpan(0, length));
    }

    /// <summary>The problem with a raw form body, or null when it is well formed.</summary>
    public static string? Check(ReadOnlySpan<byte> raw)
    {
        var decoded = new byte[raw.Length];
        var length = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var b = raw[i];
            if (b == '%')
            {
                if (i + 2 >= raw.Length || !IsHex((char)raw[i + 1]) || !IsHex((char)raw[i + 2]))
                {
                    return BadPercentEncoding;
                }
                decoded[length++] = (byte)(HexValue((char)raw[i + 1]) << 4 | HexValue((char)raw[i + 2]));
                i += 2;
            }
            else
            {
                decoded[length++] = b;
            }
        }
        return CheckDecoded(decoded.AsSpan(0, length));
    }

    /// <summary>The problem with text already decoded (a JSON string's value), or null when it has no NUL or control character.</summary>
    public static string? CheckText(ReadOnlySpan<char> text) =>
        text.Contains('\0') ? NulCharacter
        : text.IndexOfAny(ControlChars) >= 0 ? ControlCharacter
        : null;

    private static string? CheckDecoded(ReadOnlySpan<byte> decoded) =>
        decoded.IndexOf((byte)0) >= 0 ? NulCharacter
        : decoded.IndexOfAny(Controls) >= 0 ? ControlCharacter
        : !Utf8.IsValid(decoded) ? NotUtf8
        : null;

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
