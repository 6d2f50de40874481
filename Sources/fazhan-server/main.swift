import FazhanServerCLI

await FazhanServer.run()
