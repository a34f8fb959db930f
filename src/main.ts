import 'reflect-metadata';
import { boot } from '@app/http';
import { createApp } from './create-app';

void boot({ start: createApp });
