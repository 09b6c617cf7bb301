import {useCallback, useEffect, useRef, useState} from 'react';
import {useServices, type Conversion, type ConversionPreview, type ValidationProgress, type ValidationReport} from '../services.js';

export type ConversionOffer =
	| {status: 'none'}
	| {status: 'counting'}
	| {status: 'ready'; preview: ConversionPreview}
	| {status: 'converting'; progress: ValidationProgress | undefined}
	| {status: 'failed'; message: string; hint: string | undefined};

/** True when the preview says converting would write a JSONL (no record left with errors). */
export function canConvert(offer: ConversionOffer): boolean {
	return offer.status === 'ready' && offer.preview.invalidRecords === 0 && !offer.preview.fileErrors;
}

/**
 * The offer to convert the CSV a report is about into JSONL: counts the repairs in the
 * background (once per file), converts on request and hands the result back.
 */
export function useConversionOffer(report: ValidationReport | undefined, onConverted: (conversion: Conversion) => void): {offer: ConversionOffer; convert(): void} {
	const services = useServices();
	const [offers, setOffers] = useState<ReadonlyMap<string, ConversionOffer>>(new Map());
	const asked = useRef(new Set<string>());
	const [controller] = useState(() => new AbortController());
	const callback = useRef(onConverted);
	callback.current = onConverted;
	const path = report?.convertible === true && report.fatal === undefined ? report.path : undefined;
	const set = useCallback((file: string, offer: ConversionOffer) => {
		setOffers(previous => new Map(previous).set(file, offer));
	}, []);

	useEffect(() => () => {
		controller.abort();
	}, [controller]);

	useEffect(() => {
		if (path === undefined || asked.current.has(path)) {
			return;
		}

		asked.current.add(path);
		set(path, {status: 'counting'});
		services.conversion.preview(path, {signal: controller.signal}).then(
			preview => set(path, {status: 'ready', preview}),
			(error: unknown) => {
				if (!controller.signal.aborted) {
					set(path, {status: 'failed', message: (error as Error).message, hint: (error as {hint?: string}).hint});
				}
			},
		);
	}, [controller, path, services, set]);

	const offer: ConversionOffer = path === undefined ? {status: 'none'} : (offers.get(path) ?? {status: 'counting'});
	const convert = useCallback(() => {
		if (path === undefined || !canConvert(offer)) {
			return;
		}

		set(path, {status: 'converting', progress: undefined});
		services.conversion.convert(path, {signal: controller.signal, onProgress: progress => set(path, {status: 'converting', progress})}).then(
			conversion => {
				callback.current(conversion);
			},
			(error: unknown) => {
				if (!controller.signal.aborted) {
					set(path, {status: 'failed', message: (error as Error).message, hint: (error as {hint?: string}).hint});
				}
			},
		);
	}, [controller, offer, path, services, set]);

	return {offer, convert};
}
