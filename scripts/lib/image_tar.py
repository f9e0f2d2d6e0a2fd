"""Writes a folder tree as a container image tarball in docker-save format, for scripts/image-base.

Two layers: the system (C runtime, /etc, /tmp, the user's home) and the Java runtime under
/opt/java, so that a new JDK changes one layer. Entries are sorted, owned by root and dated
SOURCE_DATE_EPOCH (default 1), so the same input gives the same digest. Jib reads this format
as a base image (`tar://` in the gateway's "image" profile).

usage: image_tar.py ROOTFS OUT.tar
"""
import hashlib
import io
import json
import os
import sys
import tarfile

USER_ID = 10001
USER_NAME = "infergate"
HOME = "/home/" + USER_NAME
JAVA_HOME = "/opt/java"
MTIME = int(os.environ.get("SOURCE_DATE_EPOCH", "1"))

# files the base adds to what the packages unpack: the server's user, and a hosts file for a
# runtime that mounts none (container runtimes replace it)
EXTRA_FILES = {
    "etc/passwd": f"root:x:0:0:root:/root:/nonexistent\n"
                  f"{USER_NAME}:x:{USER_ID}:{USER_ID}:Infergate:{HOME}:/nonexistent\n",
    "etc/group": f"root:x:0:\n{USER_NAME}:x:{USER_ID}:\n",
    "etc/hosts": "127.0.0.1 localhost\n::1 localhost\n",
    "etc/nsswitch.conf": "passwd: files\ngroup: files\nhosts: files dns\n",
}
# (path, mode, owner): folders that exist empty in the image
EXTRA_DIRS = [("tmp", 0o1777, 0), ("home", 0o755, 0), (HOME.lstrip("/"), 0o750, USER_ID)]


def normalized(info, owner=0):
    info.uid = info.gid = owner
    info.uname = USER_NAME if owner else "root"
    info.gname = info.uname
    info.mtime = MTIME
    return info


def add_tree(archive, rootfs, relative):
    """Adds rootfs/relative and everything under it, sorted, as owned by root."""
    path = os.path.join(rootfs, relative)
    info = normalized(archive.gettarinfo(path, arcname=relative))
    if info.isreg():
        with open(path, "rb") as data:
            archive.addfile(info, data)
    else:
        archive.addfile(info)
    if info.isdir():
        for name in sorted(os.listdir(path)):
            add_tree(archive, rootfs, os.path.join(relative, name))


def system_layer(rootfs):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for name, mode, owner in EXTRA_DIRS:
            info = normalized(tarfile.TarInfo(name), owner)
            info.type, info.mode = tarfile.DIRTYPE, mode
            archive.addfile(info)
        for name in sorted(os.listdir(rootfs)):
            if name not in ("opt", "tmp", "home"):
                add_tree(archive, rootfs, name)
        for name, text in sorted(EXTRA_FILES.items()):
            data = text.encode()
            info = normalized(tarfile.TarInfo(name))  # the packages' /etc has none of these
            info.size, info.mode = len(data), 0o644
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def java_layer(rootfs):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as archive:
        info = normalized(tarfile.TarInfo("opt"))
        info.type, info.mode = tarfile.DIRTYPE, 0o755
        archive.addfile(info)
        add_tree(archive, rootfs, JAVA_HOME.lstrip("/"))
    return buffer.getvalue()


def write_image(layers, out_path):
    digests = ["sha256:" + hashlib.sha256(layer).hexdigest() for layer in layers]
    config = json.dumps({
        "architecture": "amd64",
        "os": "linux",
        "created": "1970-01-01T00:00:01Z",
        "config": {
            "Env": [f"PATH={JAVA_HOME}/bin:/usr/bin:/bin", f"JAVA_HOME={JAVA_HOME}", f"HOME={HOME}"],
            "User": str(USER_ID),
            "WorkingDir": HOME,
        },
        "rootfs": {"type": "layers", "diff_ids": digests},
        "history": [{"created_by": "scripts/image-base: Debian C runtime, /etc, /tmp, home"},
                    {"created_by": "scripts/image-base: jlinked Java runtime"}],
    }, sort_keys=True).encode()
    config_name = hashlib.sha256(config).hexdigest() + ".json"
    layer_names = [digest[len("sha256:"):] + "/layer.tar" for digest in digests]
    manifest = json.dumps([{"Config": config_name, "RepoTags": ["infergate-base:latest"],
                            "Layers": layer_names}]).encode()
    with tarfile.open(out_path, mode="w", format=tarfile.PAX_FORMAT) as image:
        for name, data in [(config_name, config), *zip(layer_names, layers),
                           ("manifest.json", manifest)]:
            info = normalized(tarfile.TarInfo(name))
            info.size, info.mode = len(data), 0o644
            image.addfile(info, io.BytesIO(data))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    rootfs, out_path = sys.argv[1], sys.argv[2]
    write_image([system_layer(rootfs), java_layer(rootfs)], out_path)


if __name__ == "__main__":
    main()
