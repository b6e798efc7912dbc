import Foundation
import SonoraMusic

/// The load-balancing penalty Lavalink clients compute to pick a node for a new player: lower is
/// better.
///
/// Lavalink-Client's formula, from `/v4/stats`:
/// `playingPlayers + 1.05^(100·systemLoad)·10 − 10 + (1.03^(500·deficit/3000)·600 − 600)
///  + (1.03^(500·nulled/3000)·300 − 300)·2`. The frame terms are 0 when the stats carry no
/// `frameStats` (as `/v4/stats` over REST does not).
public enum NodePenalty {
    /// The penalty of a node with these stats.
    public static func of(_ stats: NodeStats) -> Double {
        let players = Double(stats.playingPlayers)
        let cpu = pow(1.05, 100 * stats.cpu.systemLoad) * 10 - 10
        guard let frames = stats.frameStats else { return players + cpu }
        let deficit = pow(1.03, 500 * Double(frames.deficit) / 3000) * 600 - 600
        let nulled = (pow(1.03, 500 * Double(frames.nulled) / 3000) * 300 - 300) * 2
        return players + cpu + deficit + nulled
    }
}
