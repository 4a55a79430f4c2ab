using System.Text;
using SsoSuite.Shared.Hosting;

namespace SsoSuite.Shared.Tests;

/// <summary>SPEC rule 13: what counts as a well-formed query or form body.</summary>
public sealed class UrlEncodingTests
{
    [Theory]
    [InlineData("")]
    [InlineData("?client_id=bms&scope=openid%20profile&state=a+b")]
    [InlineData("?name=caf%C3%A9&emoji=%F0%9F%98%80")]
    [InlineData("?percent=%25zz")]
    [InlineData("?text=line%0D%0Anext%09tab")]
    public void Rule13_AWellFormedQueryPasses(string query)
    {
        Assert.Null(UrlEncoding.Check(query.AsSpan()));
        Assert.Null(UrlEncoding.Check(Encoding.UTF8.GetBytes(query)));
    }

    [Theory]
    [InlineData("?a=%00", UrlEncoding.NulCharacter)]
    [InlineData("?a=b\0", UrlEncoding.NulCharacter)]
    [InlineData("?a=A%01B", UrlEncoding.ControlCharacter)]
    [InlineData("?a=%1B%5B2J", UrlEncoding.ControlCharacter)]
    [InlineData("?a=ctl%7F", UrlEncoding.ControlCharacter)]
    [InlineData("?a=%zz", UrlEncoding.BadPercentEncoding)]
    [InlineData("?a=%4", UrlEncoding.BadPercentEncoding)]
    [InlineData("?a=%", UrlEncoding.BadPercentEncoding)]
    [InlineData("?a=%FF", UrlEncoding.NotUtf8)]
    [InlineData("?a=%C3%28", UrlEncoding.NotUtf8)]
    [InlineData("?a=%ED%A0%80", UrlEncoding.NotUtf8)]
    public void Rule13_ABrokenQueryIsNamed(string query, string problem)
    {
        Assert.Equal(problem, UrlEncoding.Check(query.AsSpan()));
        Assert.Equal(problem, UrlEncoding.Check(Encoding.UTF8.GetBytes(query)));
    }

    [Fact]
    public void Rule13_RawBytesThatAreNotUtf8AreRefusedInAForm() =>
        Assert.Equal(UrlEncoding.NotUtf8, UrlEncoding.Check(new byte[] { (byte)'a', (byte)'=', 0xC3, 0x28 }));

    [Theory]
    [InlineData("plain text", null)]
    [InlineData("two\r\nlines\tand a tab, caf\u00e9", null)]
    [InlineData("a\u0001b\u0000", UrlEncoding.NulCharacter)]
    [InlineData("esc\u001b[2J", UrlEncoding.ControlCharacter)]
    [InlineData("del\u007f", UrlEncoding.ControlCharacter)]
    public void Rule13_DecodedTextHasTheSameRuleAsQueriesAndForms(string text, string? problem) =>
        Assert.Equal(problem, UrlEncoding.CheckText(text));
}
