import SonoraMusic
public enum SonoraFakeLavalinkPlaceholder {}
