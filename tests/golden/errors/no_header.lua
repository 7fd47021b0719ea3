log.info("hello")
