import FazhanCLI
