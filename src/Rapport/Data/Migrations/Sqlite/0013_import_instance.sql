-- 0013: the process running an import ("machine/pid/instance id"), so an instance that starts (or polls) fails
-- at once the imports a stopped process on its machine left "running", instead of after 15 silent minutes.
ALTER TABLE "imports" ADD COLUMN "running_on" TEXT NULL;
