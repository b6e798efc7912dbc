import SonoraProfiler
public enum SonoraBenchPlaceholder {}
