#!/usr/bin/env bash
# Builds what `morph boot --machine virt` boots Linux from, once per machine:
#   Image              a riscv64 kernel from Debian's linux-source-6.1, configured by `make allnoconfig`
#                      plus Tests/Guest/boot/kernel.config, built with riscv64-linux-gnu-gcc;
#   initramfs.cpio     /init (Tests/Guest/boot/init.c), /bin/sh (Tests/Guest/boot/shell.c) and
#                      /bin/guest-program (Tests/Guest/linux/float_compute.c), all static, as an
#                      uncompressed newc cpio;
#   initramfs.cpio.gz  the same, gzip-compressed;
#   disk.ext2          a 4 MiB ext2 image holding greeting.txt, for --drive (copy it before writing).
# Everything goes into a cache directory outside the checkout, named after a hash of its inputs
# (${MORPH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/morph}/linux-<hash>), so it is built once and rebuilt
# when an input changes. Installs the packages it needs first. The last line of the output is the
# kernel image's path; the other files sit next to it.
#
# Boot it:
#   morph boot --machine virt --memory 256M --kernel IMAGE --initrd DIR/initramfs.cpio \
#       --append "console=ttyS0"
# and with --append "console=ttyS0 morph.shell", a shell prompt on the console (Ctrl-A x quits).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

packages=(linux-source-6.1 gcc-riscv64-linux-gnu libc6-riscv64-cross gcc make flex bison bc
          libssl-dev libelf-dev cpio gzip e2fsprogs xz-utils)
missing=0
command -v riscv64-linux-gnu-gcc >/dev/null 2>&1 || missing=1
for tool in flex bison bc cpio mke2fs make gcc xz; do command -v "$tool" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin command -v "$tool" >/dev/null 2>&1 || missing=1; done
[ -e /usr/src/linux-source-6.1.tar.xz ] || missing=1
if [ "$missing" = 1 ]; then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    echo "Installing ${packages[*]}..." >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${packages[@]}" >/dev/null
fi
export PATH=$PATH:/usr/sbin

source_tarball=/usr/src/linux-source-6.1.tar.xz
inputs=(Scripts/build-linux.sh Tests/Guest/boot/kernel.config Tests/Guest/boot/init.c
        Tests/Guest/boot/shell.c Tests/Guest/linux/float_compute.c)
hash=$( (sha256sum "${inputs[@]}" | cut -d' ' -f1; stat -c %s "$source_tarball") | sha256sum | cut -c1-16)
# The kernel alone depends on fewer inputs: a change to init does not rebuild it. Change
# kernel_recipe when the way the kernel is built below changes.
kernel_recipe="allnoconfig+fragment, make Image, riscv64-linux-gnu-, 1"
kernel_hash=$( (sha256sum Tests/Guest/boot/kernel.config | cut -d' ' -f1; echo "$kernel_recipe"
                stat -c %s "$source_tarball") | sha256sum | cut -c1-16)
cache=${MORPH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/morph}
output=$cache/linux-$hash
image=$output/Image
kernel_output=$cache/kernel-$kernel_hash

if [ ! -e "$output/complete" ]; then
    mkdir -p "$cache"
    work=$(mktemp -d "$cache/build.XXXXXX")
    trap 'rm -rf "$work"' EXIT
    echo "Building Linux into $output (once per machine; a few minutes)..." >&2

    # The kernel source, unpacked once and shared by every configuration.
    source=$cache/linux-source-6.1
    if [ ! -e "$source/.unpacked" ]; then
        rm -rf "$source"
        mkdir -p "$source"
        tar -xJf "$source_tarball" -C "$source" --strip-components=1
        touch "$source/.unpacked"
    fi

    if [ ! -e "$kernel_output/Image" ]; then
        kernel_build=$work/kernel
        make_kernel=(make -C "$source" O="$kernel_build" ARCH=riscv CROSS_COMPILE=riscv64-linux-gnu- -j"$(nproc)")
        KCONFIG_ALLCONFIG=$root/Tests/Guest/boot/kernel.config "${make_kernel[@]}" -s allnoconfig
        # Every option the fragment turns on must be on: a silently dropped one (a dependency missing)
        # would build a kernel that cannot boot the way the tests expect.
        while IFS= read -r line; do
            case $line in
                CONFIG_*=y)
                    grep -qx "$line" "$kernel_build/.config" || { echo "build-linux.sh: $line did not survive into .config" >&2; exit 1; } ;;
            esac
        done < "$root/Tests/Guest/boot/kernel.config"
        "${make_kernel[@]}" -s Image >&2
        mkdir -p "$work/kernel-output"
        cp "$kernel_build/arch/riscv/boot/Image" "$kernel_build/.config" "$work/kernel-output/"
        rm -rf "$kernel_output"
        mv "$work/kernel-output" "$kernel_output"
    fi

    # The initramfs: gen_init_cpio (from the kernel source) writes device nodes without root.
    cc -O2 -o "$work/gen_init_cpio" "$source/usr/gen_init_cpio.c"
    riscv64-linux-gnu-gcc -static -O2 -Wall -o "$work/init" "$root/Tests/Guest/boot/init.c"
    riscv64-linux-gnu-gcc -static -O2 -Wall -o "$work/sh" "$root/Tests/Guest/boot/shell.c"
    riscv64-linux-gnu-gcc -static -O2 -o "$work/guest-program" "$root/Tests/Guest/linux/float_compute.c" -lm
    cat > "$work/initramfs.list" <<EOF
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
dir /bin 0755 0 0
dir /proc 0755 0 0
dir /sys 0755 0 0
dir /tmp 01777 0 0
dir /mnt 0755 0 0
file /init $work/init 0755 0 0
file /bin/sh $work/sh 0755 0 0
file /bin/guest-program $work/guest-program 0755 0 0
EOF
    "$work/gen_init_cpio" "$work/initramfs.list" > "$work/initramfs.cpio"
    gzip -9 -n -c "$work/initramfs.cpio" > "$work/initramfs.cpio.gz"

    # The disk: ext2 populated from a directory (no mounting, no root).
    mkdir -p "$work/disk"
    echo "hello from the virtio disk" > "$work/disk/greeting.txt"
    mke2fs -q -t ext2 -d "$work/disk" -F "$work/disk.ext2" 4M >&2

    rm -rf "$output"
    mkdir -p "$output"
    cp "$kernel_output/Image" "$kernel_output/.config" "$work/initramfs.cpio" "$work/initramfs.cpio.gz" \
       "$work/disk.ext2" "$output/"
    touch "$output/complete"
fi
echo "$image"
