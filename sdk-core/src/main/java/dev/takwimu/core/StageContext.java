package dev.takwimu.core;

/** What a running stage may use: the lake it reads from. */
public interface StageContext {
  LakeStore lake();
}
