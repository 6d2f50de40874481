import FazhanCLI

await Fazhan.run()
