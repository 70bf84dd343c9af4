using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Consultation.Testing;

namespace Consultation.Web.Tests;

/// <summary>
/// A circuit's WebSocket is not compressed, whatever the browser offers: with permessage-deflate every open circuit kept
/// zlib's state between messages, about 260 KB of native memory each (docs/BENCHMARKS.md, circuits).
/// </summary>
public sealed class CircuitCompressionTests(CircuitCompressionTests.Portal portal) : IClassFixture<CircuitCompressionTests.Portal>
{
    public sealed class Portal : PortalFactory
    {
        public Portal()
        {
            UseKestrel(0);
            StartServer();
        }

        public Uri Site => ClientOptions.BaseAddress;
    }

    [Fact]
    public async Task The_circuit_socket_declines_compression_a_browser_offers()
    {
        using var http = new HttpClient { BaseAddress = portal.Site };
        using var negotiated = await http.PostAsync("_blazor/negotiate?negotiateVersion=1", null);
        negotiated.EnsureSuccessStatusCode();
        var token = (await negotiated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("connectionToken").GetString();
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        // What a browser offers: both sides may keep their context.
        socket.Options.DangerousDeflateOptions = new WebSocketDeflateOptions { ClientContextTakeover = true, ServerContextTakeover = true };

        await socket.ConnectAsync(new Uri($"ws://{portal.Site.Authority}/_blazor?id={Uri.EscapeDataString(token!)}"), CancellationToken.None);

        Assert.Equal(WebSocketState.Open, socket.State);
        Assert.False(socket.HttpResponseHeaders!.ContainsKey("Sec-WebSocket-Extensions"),
            "the portal accepted " + string.Join(", ", socket.HttpResponseHeaders.GetValueOrDefault("Sec-WebSocket-Extensions") ?? []));
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }
}
