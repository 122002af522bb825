/* The version: what --version prints, manifest.json records and the cache's tag carries. It
 * must equal project(VERSION) in CMakeLists.txt, which reads this line (configuring stops on a
 * mismatch: a .deb whose name and contents disagree). */
#ifndef YS_VERSION_H
#define YS_VERSION_H

#define YS_VERSION "0.1.0"

#endif
