import FazhanCLI

Fazhan.run()
