/// Lavalink domain: track codec, load results, websocket messages, the track queue and the HTTP loader.
public enum SonoraMusicPlaceholder {}
