import SonoraBench
import SonoraMusic
import SonoraFakeLavalink
public enum SonoraSuitesPlaceholder {}
