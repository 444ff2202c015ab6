// The `morph` executable: a thin entry point over the MorphCommands library.
import MorphCommands

MorphCommand.main()
