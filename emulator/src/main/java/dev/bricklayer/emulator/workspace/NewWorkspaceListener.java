package dev.bricklayer.emulator.workspace;

/** Told of every workspace {@link Workspaces} creates, once its endpoint runs. */
public interface NewWorkspaceListener {

    void created(EmulatedWorkspace workspace);
}
